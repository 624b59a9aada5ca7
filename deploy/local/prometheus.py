"""Debian's Prometheus binary on a free port with throw-away storage, for end-to-end checks."""

from __future__ import annotations

import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from deploy.local.process import (
    InfraError,
    ManagedProcess,
    make_temp_dir,
    preferred_port,
    remove_temp_dir,
    wait_until,
)


def prometheus_command() -> str:
    found = shutil.which("prometheus")
    if found is None:
        raise InfraError("prometheus not found on PATH: apt-get install prometheus")
    return found


def http_status(url: str, *, method: str = "GET", timeout: float = 2.0) -> int | None:
    """The HTTP status of `url`, or None if nothing answered."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


class PrometheusServer:
    """Prometheus with `config_text` as its prometheus.yml, lifecycle API on (for /-/reload)."""

    def __init__(
        self,
        config_text: str,
        *,
        port: int | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.config_text = config_text
        self._wanted_port = port
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.work_dir: Path | None = None
        self.ready_seconds: float | None = None
        self._process: ManagedProcess | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise InfraError("Prometheus is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def process(self) -> ManagedProcess:
        if self._process is None:
            raise InfraError("Prometheus is not started")
        return self._process

    @property
    def config_path(self) -> Path:
        if self.work_dir is None:
            raise InfraError("Prometheus is not started")
        return self.work_dir / "prometheus.yml"

    def start(self) -> PrometheusServer:
        command = prometheus_command()
        started = time.monotonic()
        self.work_dir = make_temp_dir("twoway-prometheus-")
        self.port = preferred_port(self._wanted_port)
        self.config_path.write_text(self.config_text)
        self._process = ManagedProcess(
            "prometheus",
            [
                command,
                f"--config.file={self.config_path}",
                f"--storage.tsdb.path={self.work_dir / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--web.enable-lifecycle",
            ],
            self.work_dir / "prometheus.log",
            cwd=self.work_dir,
        )
        self._process.start()
        try:
            wait_until(
                lambda: http_status(f"{self.url}/-/ready") == 200,
                process=self._process,
                what="ready",
                timeout=self.startup_timeout,
            )
        except BaseException:
            self.stop()
            raise
        self.ready_seconds = time.monotonic() - started
        print(f"prometheus ready at {self.url} in {self.ready_seconds:.1f}s", file=sys.stderr)
        return self

    def reload(self, config_text: str | None = None) -> None:
        """Apply a new configuration without a restart."""
        if config_text is not None:
            self.config_text = config_text
            self.config_path.write_text(config_text)
        status = http_status(f"{self.url}/-/reload", method="POST", timeout=10.0)
        if status != 200:
            raise InfraError(f"Prometheus reload answered {status}:\n{self.process.log_tail()}")

    def stop(self, timeout: float = 20.0) -> None:
        if self._process is not None:
            self._process.stop(timeout)
        if self.work_dir is not None:
            remove_temp_dir(self.work_dir)
            self.work_dir = None
            self.port = None

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()

    def __enter__(self) -> PrometheusServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
