"""The channel adapters' message format and error mapping, without a network."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import httpx
import pytest
from icalendar import Calendar

from services.notifications.adapters.chat_webhook import WebhookChatSender
from services.notifications.adapters.smtp_email import SmtpConfig, build_message, calendar_text
from services.notifications.domain.model import Attachment, DeliveryError, OutgoingEmail
from tests.unit.notifications.samples import ICS

CONFIG = SmtpConfig(
    host="127.0.0.1",
    port=25,
    security="none",
    from_address="mentoring@twoway.example",
    from_name="Twoway",
)


def email(**overrides: object) -> OutgoingEmail:
    fields: dict[str, object] = {
        "to_address": "ada@mail.example",
        "to_name": "山田 花子",
        "subject": "リマインド: 10:00 から セッション",
        "body": "こんにちは\nline two",
        "reference": "abc123",
    }
    fields.update(overrides)
    return OutgoingEmail(**fields)  # type: ignore[arg-type]


def test_email_survives_the_wire_with_non_ascii_names_and_a_stable_message_id() -> None:
    message = build_message(email(), CONFIG, now=datetime(2026, 3, 3, tzinfo=UTC))
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "リマインド: 10:00 から セッション"
    assert parsed["To"].addresses[0].display_name == "山田 花子"
    assert parsed["Message-ID"] == "<abc123@twoway.example>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().startswith("こんにちは")


def test_invitation_is_an_alternative_part_and_an_attachment() -> None:
    message = build_message(
        email(attachment=Attachment(ICS, "CANCEL")), CONFIG, now=datetime(2026, 3, 3, tzinfo=UTC)
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    calendars = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert calendars[0].get_param("method") == "CANCEL"
    assert str(Calendar.from_ical(calendars[0].get_content())["METHOD"]) == "CANCEL"
    assert [p.get_filename() for p in parsed.iter_attachments()] == ["invite.ics"]


def test_calendar_method_is_kept_when_present_and_garbage_is_passed_through() -> None:
    with_method = ICS.replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:PUBLISH")
    assert "METHOD:PUBLISH" in calendar_text(Attachment(with_method, "REQUEST"))
    assert calendar_text(Attachment("not a calendar", "REQUEST")) == "not a calendar"


@pytest.mark.parametrize(
    ("status", "transient"),
    [(400, False), (403, False), (404, False), (429, True), (500, True), (503, True)],
)
async def test_webhook_status_decides_between_retry_and_failure(
    status: int, transient: bool
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status))
    sender = WebhookChatSender(require_https=True, transport=transport)
    with pytest.raises(DeliveryError) as raised:
        await sender.post("https://hooks.example/x", "hello")
    assert raised.value.error_type == f"HTTP{status}"
    assert raised.value.transient is transient


async def test_webhook_posts_slack_compatible_json_and_refuses_plain_http() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    sender = WebhookChatSender(transport=httpx.MockTransport(answer))
    await sender.post("https://hooks.example/x", "Pair pair-1 needs attention")
    assert seen[0].content == b'{"text":"Pair pair-1 needs attention"}'
    with pytest.raises(DeliveryError, match="insecure_webhook_url"):
        await sender.post("http://hooks.example/x", "hello")


async def test_webhook_timeout_is_transient() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    sender = WebhookChatSender(transport=httpx.MockTransport(hang))
    with pytest.raises(DeliveryError) as raised:
        await sender.post("https://hooks.example/x", "hello")
    assert raised.value.transient
