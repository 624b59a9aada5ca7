"""An SMTP server that counts what it is given: the place where "every email once" is checked."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from typing import Any

from aiosmtpd.controller import Controller

from deploy.local.process import free_port


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    message_id: str
    to: str
    template: str
    subject: str


class CountingMailbox:
    """aiosmtpd in a thread of this process; keeps the headers of every accepted message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> CountingMailbox:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        mail = ReceivedMail(
            message_id=str(message.get("Message-ID", "")),
            to=str(message.get("To", "")),
            template=str(message.get("X-Twoway-Template", "")),
            subject=str(message.get("Subject", "")),
        )
        with self._lock:
            self.received.append(mail)
        return "250 Message accepted for delivery"

    def snapshot(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self.received)

    def duplicates(self) -> dict[str, int]:
        """Message-IDs accepted more than once, with how often."""
        counts = Counter(m.message_id for m in self.snapshot())
        return {mid: n for mid, n in counts.items() if n > 1}
