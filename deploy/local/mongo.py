"""SecantusDB, a MongoDB wire-compatible server from PyPI, as a local MongoDB stand-in."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from types import TracebackType

from deploy.local.process import (
    InfraError,
    ManagedProcess,
    make_temp_dir,
    port_accepts,
    preferred_port,
    remove_temp_dir,
    wait_until,
)

MEMORY = ":memory:"


def secantusd_command() -> str:
    """The server command of this interpreter's environment first, so the pinned version runs."""
    beside = Path(sys.executable).parent / "secantusd-py"
    if beside.exists():
        return str(beside)
    found = shutil.which("secantusd-py")
    if found is None:
        raise InfraError("secantusd-py not found: pip install --pre secantusdb")
    return found


class MongoServer:
    """A SecantusDB server on a free loopback port.

    `storage` is ":memory:" (gone when the process ends) or a directory that survives restarts.
    """

    def __init__(
        self,
        storage: str | Path = MEMORY,
        *,
        port: int | None = None,
        work_dir: Path | None = None,
        log_path: Path | None = None,
        detached: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        self.storage = storage if storage == MEMORY else Path(storage).resolve()
        self._wanted_port = port
        self._owns_work_dir = work_dir is None
        self.work_dir = work_dir.resolve() if work_dir is not None else None
        self._log_path = log_path
        self.detached = detached
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.ready_seconds: float | None = None
        self._process: ManagedProcess | None = None

    @property
    def uri(self) -> str:
        if self.port is None:
            raise InfraError("SecantusDB is not started")
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    @property
    def process(self) -> ManagedProcess:
        if self._process is None:
            raise InfraError("SecantusDB is not started")
        return self._process

    def start(self) -> MongoServer:
        started = time.monotonic()
        if self.work_dir is None:
            self.work_dir = make_temp_dir("twoway-secantus-")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.port = preferred_port(self._wanted_port)
        # An explicit (empty) config file turns off the server's search for a config in the
        # current and home directories, so a stray file cannot change what tests run against.
        config = self.work_dir / "secantusd.toml"
        config.touch()
        if isinstance(self.storage, Path):
            self.storage.mkdir(parents=True, exist_ok=True)
        # ":memory:" storage still makes a scratch directory under TMPDIR; pointing TMPDIR at
        # our work dir means it is removed with it even after a SIGKILL.
        tmp = self.work_dir / "tmp"
        tmp.mkdir(exist_ok=True)
        log_path = self._log_path or self.work_dir / "secantusd.log"
        self._process = ManagedProcess(
            "secantusdb",
            [
                secantusd_command(),
                "--config",
                str(config),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--storage-path",
                str(self.storage),
            ],
            log_path,
            env={"TMPDIR": str(tmp)},
            cwd=self.work_dir,
            detached=self.detached,
        )
        self._process.start()
        try:
            wait_until(
                self._ready,
                process=self._process,
                what="answering ping",
                timeout=self.startup_timeout,
                interval=0.05,
            )
        except BaseException:
            self._process.kill()
            raise
        self.ready_seconds = time.monotonic() - started
        print(f"secantusdb ready at {self.uri} in {self.ready_seconds:.1f}s", file=sys.stderr)
        return self

    def stop(self, timeout: float = 20.0) -> None:
        if self._process is not None:
            self._process.stop(timeout)
        if self._owns_work_dir and self.work_dir is not None:
            remove_temp_dir(self.work_dir)
            self.work_dir = None
            self.port = None

    def kill(self) -> None:
        """SIGKILL, keeping the port and on-disk data, to simulate a crash."""
        if self._process is not None:
            self._process.kill()

    def restart(self, *, graceful: bool = True) -> MongoServer:
        """Same port; on-disk storage keeps its data, ":memory:" starts empty."""
        if self._process is not None:
            if graceful:
                self._process.stop()
            else:
                self._process.kill()
        return self.start()

    def __enter__(self) -> MongoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _ready(self) -> bool:
        from pymongo import MongoClient
        from pymongo.errors import PyMongoError

        assert self.port is not None
        if not port_accepts(self.port):
            return False
        client: MongoClient[dict[str, object]] = MongoClient(
            self.uri, serverSelectionTimeoutMS=1000, connectTimeoutMS=1000
        )
        try:
            client.admin.command("ping")
            return True
        except PyMongoError:
            return False
        finally:
            client.close()
