"""What every local server shares: a work directory (temporary unless given), a loopback port
kept across restarts, one process with its log, a readiness wait that fails fast when the
process dies, and start/stop/kill/restart as a context manager.

A server says only what is its own: the command, what "ready" means, and what to prepare before
the first start (configuration files, formatted storage...).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Self

from deploy.local.process import (
    InfraError,
    ManagedProcess,
    make_temp_dir,
    preferred_port,
    remove_temp_dir,
    wait_until,
)


class ManagedServer:
    label: ClassVar[str]
    """How logs and errors name the server ("Kafka", "SecantusDB"...)."""
    process_name: ClassVar[str]
    """The process's name, also its log file's stem and its temporary directory's."""
    log_name: ClassVar[str] = ""
    """The log file in the work directory when no log path is given (default: <process>.log)."""
    poll_interval: ClassVar[float] = 0.1
    stop_timeout: ClassVar[float] = 30.0

    def __init__(
        self,
        *,
        work_dir: Path | str | None = None,
        port: int | None = None,
        log_path: Path | None = None,
        detached: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        self._owns_work_dir = work_dir is None
        self.work_dir: Path | None = Path(work_dir).resolve() if work_dir is not None else None
        self._wanted_port = port
        self._log_path = log_path
        self.detached = detached
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.ready_seconds: float | None = None
        self._process: ManagedProcess | None = None

    # What a server says about itself.

    @property
    def address(self) -> str:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def prepare(self) -> None:
        """Before each start, once the work directory and ports are known."""

    def choose_ports(self) -> None:
        """Once per life of the work directory: `self.port` (and any other port) chosen."""
        self.port = preferred_port(self._wanted_port)

    def environment(self) -> dict[str, str] | None:
        return None

    def working_directory(self) -> Path | None:
        return self.work_dir

    # The shared scaffolding.

    @property
    def process(self) -> ManagedProcess:
        if self._process is None:
            raise InfraError(f"{self.label} is not started")
        return self._process

    @property
    def log_path(self) -> Path:
        if self._log_path is not None:
            return self._log_path
        if self.work_dir is None:
            raise InfraError(f"{self.label} is not started")
        return self.work_dir / (self.log_name or f"{self.process_name}.log")

    def start(self) -> Self:
        started = time.monotonic()
        if self.work_dir is None:
            self.work_dir = make_temp_dir(f"twoway-{self.process_name}-")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.choose_ports()
        self.prepare()
        self._process = ManagedProcess(
            self.process_name,
            self.command(),
            self.log_path,
            env=self.environment(),
            cwd=self.working_directory(),
            detached=self.detached,
        )
        self._process.start()
        try:
            wait_until(
                self.ready,
                process=self._process,
                what="ready",
                timeout=self.startup_timeout,
                interval=self.poll_interval,
            )
        except BaseException:
            self._process.kill()
            raise
        self.ready_seconds = time.monotonic() - started
        print(
            f"{self.process_name} ready at {self.address} in {self.ready_seconds:.1f}s",
            file=sys.stderr,
        )
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Graceful shutdown; a temporary work directory is removed (and its ports forgotten),
        a given one is kept."""
        if self._process is not None:
            self._process.stop(self.stop_timeout if timeout is None else timeout)
        if self._owns_work_dir and self.work_dir is not None:
            remove_temp_dir(self.work_dir)
            self.work_dir = None
            self.forget_ports()

    def forget_ports(self) -> None:
        self.port = None

    def named_ports(self, name: str) -> dict[str, int]:
        """The ports it listens on, named for the stack's ports.json (`name`, `name_<role>`)."""
        if self.port is None:
            raise InfraError(f"{self.label} is not started")
        return {name: self.port}

    def kill(self) -> None:
        """SIGKILL, keeping ports and data, to simulate a crash."""
        if self._process is not None:
            self._process.kill()

    def restart(self, *, graceful: bool = True) -> Self:
        """Stop (unless already killed) and start again on the same ports and data."""
        if self._process is not None:
            if graceful:
                self._process.stop()
            else:
                self._process.kill()
        return self.start()

    def log_tail(self, lines: int = 40) -> str:
        return self.process.log_tail(lines)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
