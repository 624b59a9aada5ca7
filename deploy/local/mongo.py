"""SecantusDB, a MongoDB wire-compatible server from PyPI, as a local MongoDB stand-in."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from deploy.local.managed_server import ManagedServer
from deploy.local.process import InfraError, port_accepts

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


class MongoServer(ManagedServer):
    """A SecantusDB server on a free loopback port.

    `storage` is ":memory:" (gone when the process ends) or a directory that survives restarts.
    """

    label = "SecantusDB"
    process_name = "secantusdb"
    log_name = "secantusd.log"
    poll_interval = 0.05
    stop_timeout = 20.0

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
        super().__init__(
            work_dir=work_dir,
            port=port,
            log_path=log_path,
            detached=detached,
            startup_timeout=startup_timeout,
        )
        self.storage = storage if storage == MEMORY else Path(storage).resolve()

    @property
    def uri(self) -> str:
        if self.port is None:
            raise InfraError("SecantusDB is not started")
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    @property
    def address(self) -> str:
        return self.uri

    @property
    def _config_path(self) -> Path:
        assert self.work_dir is not None
        return self.work_dir / "secantusd.toml"

    @property
    def _tmp_dir(self) -> Path:
        assert self.work_dir is not None
        return self.work_dir / "tmp"

    def prepare(self) -> None:
        # An explicit (empty) config file turns off the server's search for a config in the
        # current and home directories, so a stray file cannot change what tests run against.
        self._config_path.touch()
        if isinstance(self.storage, Path):
            self.storage.mkdir(parents=True, exist_ok=True)
        self._tmp_dir.mkdir(exist_ok=True)

    def command(self) -> list[str]:
        return [
            secantusd_command(),
            "--config",
            str(self._config_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--storage-path",
            str(self.storage),
        ]

    def environment(self) -> dict[str, str]:
        # ":memory:" storage still makes a scratch directory under TMPDIR; pointing TMPDIR at
        # our work dir means it is removed with it even after a SIGKILL.
        return {"TMPDIR": str(self._tmp_dir)}

    def ready(self) -> bool:
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
