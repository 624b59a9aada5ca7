"""An SMTP server in its own process that notes when it accepts each message, and its id.

`python -m bench.pipeline.mail_sink --port N --record FILE` appends one line per accepted
message: the Message-ID's local part (the delivery id the notifications service puts there)
and the wall time of acceptance. Its own process, so the benchmark's busy event loop never
delays an SMTP reply.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aiosmtpd.controller import Controller

from deploy.local.process import REPO_ROOT, ManagedProcess, free_port, port_accepts, wait_until

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^@>]+)@", re.IGNORECASE | re.MULTILINE)


class Recorder:
    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        at = time.time()
        content = envelope.original_content or envelope.content
        found = _MESSAGE_ID.search(content if isinstance(content, bytes) else content.encode())
        self._count += 1
        name = found.group(1).decode() if found else f"anonymous-{self._count}"
        self._out.write(f"{name}\t{at:.6f}\n")
        self._out.flush()
        return "250 Message accepted for delivery"


@dataclass
class MailSink:
    """Starts the sink process and reads what it accepted."""

    work_dir: Path
    port: int = field(default_factory=free_port)
    accepted: dict[str, float] = field(default_factory=dict)
    _read: int = 0
    _process: ManagedProcess | None = None

    @property
    def record(self) -> Path:
        return self.work_dir / "mail-accepted.tsv"

    def __enter__(self) -> MailSink:
        self.record.parent.mkdir(parents=True, exist_ok=True)
        self.record.touch()
        self._process = ManagedProcess(
            "mail-sink",
            [sys.executable, "-m", "bench.pipeline.mail_sink", "--port", str(self.port),
             "--record", str(self.record)],
            self.work_dir / "logs" / "mail-sink.log",
            cwd=REPO_ROOT,
        )  # fmt: skip
        self._process.start()
        wait_until(lambda: port_accepts(self.port), process=self._process, what="SMTP", timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.stop()

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def _refresh(self) -> None:
        with self.record.open("rb") as f:
            f.seek(self._read)
            chunk = f.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self._read += len(complete)
        for line in complete.decode().splitlines():
            name, at = line.split("\t")
            self.accepted.setdefault(name, float(at))

    def count(self) -> int:
        self._refresh()
        return len(self.accepted)

    def times(self, ids: set[str]) -> dict[str, float]:
        self._refresh()
        return {i: self.accepted[i] for i in ids if i in self.accepted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--record", type=Path, required=True)
    args = parser.parse_args()
    with args.record.open("a", encoding="utf-8") as out:
        controller = Controller(Recorder(out), hostname="127.0.0.1", port=args.port)
        controller.start()
        stop = asyncio.Event()

        async def wait() -> None:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()

        try:
            asyncio.run(wait())
        finally:
            controller.stop()


if __name__ == "__main__":
    main()
