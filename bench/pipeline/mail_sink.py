"""An SMTP server that notes the moment it accepts each message, and the message's id."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller

from deploy.local.process import free_port

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^@>]+)@", re.IGNORECASE | re.MULTILINE)


@dataclass
class MailSink:
    """Accepted messages by Message-ID (the delivery id the notifications service puts there)."""

    port: int = field(default_factory=free_port)
    accepted: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        at = time.time()
        content = envelope.original_content or envelope.content
        found = _MESSAGE_ID.search(content if isinstance(content, bytes) else content.encode())
        with self._lock:
            self.accepted[found.group(1).decode() if found else f"anonymous-{at}"] = at
        return "250 Message accepted for delivery"

    def __enter__(self) -> MailSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._controller is not None:
            self._controller.stop()

    def count(self) -> int:
        with self._lock:
            return len(self.accepted)

    def times(self, ids: set[str]) -> dict[str, float]:
        with self._lock:
            return {i: t for i, t in self.accepted.items() if i in ids}
