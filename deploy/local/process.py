"""Child processes that are always cleaned up, free ports, and readiness polling.

Every server is started in its own session (and so its own process group), so signalling the
group also reaches anything the server forked. Processes started by this interpreter are killed
at interpreter exit unless they were started detached, and temporary directories handed out by
`make_temp_dir` are removed then too.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


class InfraError(RuntimeError):
    """A local server could not be started, did not become ready, or died."""


_lock = threading.Lock()
_live: dict[int, ManagedProcess] = {}
_temp_dirs: set[Path] = set()
_handed_out_ports: set[int] = set()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now and that this process has not handed out.

    The OS picks the port; remembering the ones already returned keeps two servers started by
    the same process from being given the same port before either has bound it.
    """
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        with _lock:
            if port not in _handed_out_ports:
                _handed_out_ports.add(port)
                return port
    raise InfraError("could not find a free TCP port")


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def preferred_port(port: int | None, host: str = "127.0.0.1") -> int:
    """`port` if it can be bound now (keeps addresses stable across restarts), else a free one."""
    if port is not None and port_is_free(port, host):
        with _lock:
            _handed_out_ports.add(port)
        return port
    return free_port(host)


def port_accepts(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


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


def make_temp_dir(prefix: str) -> Path:
    """A temporary directory that is removed at interpreter exit if nobody removed it first."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    with _lock:
        _temp_dirs.add(path)
    return path


def remove_temp_dir(path: Path) -> None:
    with _lock:
        _temp_dirs.discard(path)
    shutil.rmtree(path, ignore_errors=True)


def group_alive(pgid: int) -> bool:
    """True while any process of the group runs. Zombies don't count: they only wait to be
    reaped by a parent that may not be us."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is not None and int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def wait_group_gone(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # A leader that is our own child stays a zombie, and so "alive", until it is reaped.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pgid, os.WNOHANG)
        if not group_alive(pgid):
            return True
        time.sleep(0.05)
    return not group_alive(pgid)


def _stat_fields(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in field 2 may contain spaces; the fields after its ')' are fixed.
    return stat.rsplit(")", 1)[1].split()


def process_start_ticks(pid: int) -> int | None:
    """Kernel start time of `pid`, used to tell a recorded process from a later one with its pid."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def process_running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


class ManagedProcess:
    """One server process with its output in a log file."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log_path: Path,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        detached: bool = False,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.detached = detached
        self._popen: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._popen is None:
            raise InfraError(f"{self.name} was never started")
        return self._popen.pid

    def start(self) -> None:
        if self.running():
            raise InfraError(f"{self.name} is already running (pid {self.pid})")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env} if self.env is not None else None
        with self.log_path.open("ab") as log:
            self._popen = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
                env=env,
                start_new_session=True,
            )
        if not self.detached:
            with _lock:
                _live[self._popen.pid] = self

    def running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def exit_code(self) -> int | None:
        return None if self._popen is None else self._popen.poll()

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM the group, wait for a clean exit, SIGKILL the group if it takes too long."""
        self._end(signal.SIGTERM, timeout)

    def kill(self) -> None:
        self._end(signal.SIGKILL, 10.0)

    def _end(self, sig: signal.Signals, timeout: float) -> None:
        popen = self._popen
        if popen is None:
            return
        pgid = popen.pid  # start_new_session makes the child its group's leader
        if popen.poll() is None or group_alive(pgid):
            signal_group(pgid, sig)
            try:
                popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                signal_group(pgid, signal.SIGKILL)
                popen.wait(timeout=10.0)
            if not wait_group_gone(pgid, 5.0):
                signal_group(pgid, signal.SIGKILL)
                wait_group_gone(pgid, 5.0)
        with _lock:
            _live.pop(popen.pid, None)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def wait_until(
    check: Callable[[], bool],
    *,
    process: ManagedProcess,
    what: str,
    timeout: float,
    interval: float = 0.1,
) -> float:
    """Poll `check` until it is true; fail fast if the process dies. Returns seconds waited."""
    started = time.monotonic()
    deadline = started + timeout
    while True:
        if not process.running():
            raise InfraError(
                f"{process.name} exited with code {process.exit_code()} before {what}; "
                f"log {process.log_path}:\n{process.log_tail()}"
            )
        if check():
            return time.monotonic() - started
        if time.monotonic() > deadline:
            raise InfraError(
                f"{process.name} not {what} after {timeout:.0f}s; "
                f"log {process.log_path}:\n{process.log_tail()}"
            )
        time.sleep(interval)


def _cleanup_at_exit() -> None:
    with _lock:
        processes = list(_live.values())
        dirs = list(_temp_dirs)
    for process in processes:
        if process.running():
            signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10.0
    for process in processes:
        with contextlib.suppress(Exception):
            process.stop(timeout=max(0.1, deadline - time.monotonic()))
    for path in dirs:
        shutil.rmtree(path, ignore_errors=True)


atexit.register(_cleanup_at_exit)
