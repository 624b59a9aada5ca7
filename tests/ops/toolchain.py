"""The real tools the ops tests run, installed by deploy/tools/install.sh into .cache/.

A missing tool skips the test with the command that installs it; under CI (CI=true) it fails
instead, so a pipeline cannot go green by skipping what it was meant to check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE = REPO_ROOT / ".cache"
INSTALL = "bash deploy/tools/install.sh"


def missing(what: str) -> None:
    message = f"{what} is not installed: run `{INSTALL}`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def binary(name: str) -> Path:
    """A Go-built tool from .cache/bin, or one on PATH."""
    candidate = CACHE / "bin" / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    found = shutil.which(name)
    if found is None:
        missing(name)
    return Path(str(found))


def tools_python_script(name: str) -> Path:
    """A console script of the validators' virtualenv (.cache/tools-venv)."""
    candidate = CACHE / "tools-venv" / "bin" / name
    if not candidate.is_file():
        missing(name)
    return candidate


def node_with(package: str) -> str:
    node = shutil.which("node")
    if node is None or not (CACHE / "node" / "node_modules" / package).is_dir():
        missing(f"node with {package}")
    return str(node)


def kubernetes_schemas() -> Path:
    schemas = CACHE / "schemas"
    if not (schemas / "kubernetes").is_dir() or not (schemas / "crd").is_dir():
        missing("JSON schemas for kubeconform")
    return schemas


def run(
    args: list[str | Path], *, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )
