"""The SMTP sender keeps a few connections open and sends many messages over each, against a
real SMTP server; a connection the server closed meanwhile costs no message."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from services.notifications.adapters.smtp_email import SmtpConfig, SmtpEmailSender
from services.notifications.domain.model import OutgoingEmail
from tests.integration.notifications.servers import free_port

pytestmark = pytest.mark.integration


class ConnectionCountingHandler:
    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.peers: set[Any] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.subjects.append(str(message["Subject"]))
        self.peers.add(session.peer)
        return "250 Message accepted for delivery"


@pytest.fixture
def server() -> Iterator[tuple[ConnectionCountingHandler, int]]:
    handler, port = ConnectionCountingHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def config(port: int) -> SmtpConfig:
    return SmtpConfig(
        host="127.0.0.1",
        port=port,
        security="none",
        from_address="twoway@example.com",
        from_name="Twoway",
    )


def email(number: int) -> OutgoingEmail:
    return OutgoingEmail(
        to_address=f"person-{number}@example.com",
        to_name=None,
        subject=f"message {number}",
        body="Hello",
        reference=f"ref-{number}",
    )


async def test_many_messages_share_a_few_connections(
    server: tuple[ConnectionCountingHandler, int],
) -> None:
    handler, port = server
    sender = SmtpEmailSender(config(port), kept_connections=4)
    for wave in range(5):
        await asyncio.gather(*(sender.send(email(wave * 4 + n)) for n in range(4)))
    assert sorted(handler.subjects) == sorted(f"message {n}" for n in range(20))
    assert len(handler.peers) == 4


async def test_a_connection_closed_while_idle_costs_no_message(
    server: tuple[ConnectionCountingHandler, int],
) -> None:
    handler, port = server
    sender = SmtpEmailSender(config(port), kept_connections=1)
    await sender.send(email(1))
    for kept in sender._kept:  # the server (or the network) drops the idle connection
        kept.client.close()
    await asyncio.sleep(0.05)
    await sender.send(email(2))
    assert handler.subjects == ["message 1", "message 2"]
    assert len(handler.peers) == 2
