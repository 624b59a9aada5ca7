"""Real local servers the notifications service talks to in tests: SMTP and a chat webhook."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.service_runner import running_service


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RecordingSmtpHandler:
    """Accepts mail and keeps it; answers 451 to the next `fail_next` messages and 550 to the
    next `reject_next` first."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.fail_next = 0
        self.reject_next = 0
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.fail_next > 0:
            self.fail_next -= 1
            self.refused += 1
            return "451 4.3.0 Temporary failure, try again later"
        if self.reject_next > 0:
            self.reject_next -= 1
            self.refused += 1
            return "550 5.1.1 Mailbox unavailable"
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def with_template(self, template: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-Twoway-Template"] == template]


@contextmanager
def smtp_server() -> Iterator[tuple[RecordingSmtpHandler, int]]:
    handler = RecordingSmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


class WebhookRecorder:
    """An incoming-webhook endpoint: records posts, answers with scripted statuses."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.received = asyncio.Event()

    async def endpoint(self, request: Request) -> JSONResponse:
        body = json.loads(await request.body())
        status = self.statuses.pop(0) if self.statuses else 200
        self.posts.append({"path": request.url.path, "text": body.get("text"), "status": status})
        self.received.set()
        return JSONResponse({"ok": status == 200}, status_code=status)

    def accepted(self) -> list[str]:
        return [p["text"] for p in self.posts if p["status"] == 200]


@asynccontextmanager
async def webhook_server() -> AsyncIterator[tuple[WebhookRecorder, str]]:
    recorder = WebhookRecorder()
    app = Starlette(routes=[Route("/hooks/{name}", recorder.endpoint, methods=["POST"])])
    async with running_service(app) as base_url:
        yield recorder, base_url
