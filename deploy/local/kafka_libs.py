"""Kafka's runtime jars, fetched once from Maven Central with the pom in deploy/local/kafka."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from deploy.local.process import REPO_ROOT, InfraError

KAFKA_DIR = Path(__file__).resolve().parent / "kafka"
POM = KAFKA_DIR / "pom.xml"


def default_cache_dir() -> Path:
    override = os.environ.get("TWOWAY_CACHE_DIR")
    return Path(override) if override else REPO_ROOT / ".cache" / "kafka-libs"


def ensure_kafka_libs(cache_dir: Path | None = None) -> Path:
    """The directory of Kafka's runtime jars, fetched with Maven on first use.

    The marker is named after the pom's hash, so editing the pom refetches, and it is written
    only after the download finished, so an interrupted download is redone. A file lock keeps
    concurrent callers from downloading into the same directory.
    """
    cache = (cache_dir or default_cache_dir()).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    libs = cache / "libs"
    marker = cache / f".complete-{hashlib.sha256(POM.read_bytes()).hexdigest()[:16]}"
    if marker.exists():
        return libs
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            return libs
        mvn = shutil.which("mvn")
        if mvn is None:
            raise InfraError("Maven (mvn) fetches Kafka's jars once: apt-get install maven")
        for stale in cache.glob(".complete-*"):
            stale.unlink()
        shutil.rmtree(libs, ignore_errors=True)
        started = time.monotonic()
        result = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(POM),
                "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={libs}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise InfraError(f"fetching Kafka jars failed:\n{result.stdout}\n{result.stderr}")
        marker.write_text(f"{time.monotonic() - started:.1f}s\n")
        print(
            f"fetched Kafka jars in {time.monotonic() - started:.1f}s into {libs}", file=sys.stderr
        )
    return libs
