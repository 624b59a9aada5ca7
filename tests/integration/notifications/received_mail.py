"""What the test SMTP server received, read as a person would (a message's text, its
addressee, the emails of one template), and a program started with its two people."""

from __future__ import annotations

from email.message import EmailMessage

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import JUNIOR, SENIOR, joined, launched


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def addressee(message: EmailMessage) -> str:
    return str(message["To"].addresses[0].addr_spec)


def welcomes(stack: Stack) -> list[EmailMessage]:
    return list(stack.smtp.with_template("welcome"))


async def emails(stack: Stack, template: str, count: int, timeout: float = 30.0):
    async def enough() -> list[EmailMessage]:
        found = stack.smtp.with_template(template)
        return found if len(found) >= count else []

    return await eventually(enough, timeout)


async def start_program(stack: Stack, *, webhook: bool = False) -> None:
    now = stack.clock.now()
    url = f"{stack.webhook_base}/hooks/emea" if webhook else None
    await stack.produce(launched(now, url), joined(now, JUNIOR), joined(now, SENIOR, locale="de"))
