"""Notifications on the real broker and database when a real SMTP or webhook server fails:
retried until accepted, or reported and dead-lettered, and the next message still goes out."""

from __future__ import annotations

import asyncio

import pytest

from shared.events import NotificationFailed, NotificationSent, encode_event
from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import (
    ADMIN,
    JUNIOR,
    NAMES,
    PROGRAM,
    SENIOR,
    joined,
    launched,
    pair_at_risk,
)
from tests.integration.notifications.received_mail import (
    addressee,
    emails,
    plain_text,
    start_program,
    welcomes,
)

pytestmark = pytest.mark.integration


async def test_smtp_failing_twice_then_accepting_delivers_exactly_one_email(
    stack: Stack,
) -> None:
    stack.smtp.fail_next = 2
    now = stack.clock.now()
    welcome = joined(now, JUNIOR)
    await stack.produce(launched(now), welcome)
    (message,) = await emails(stack, "welcome", 1)
    assert message["To"].addresses[0].addr_spec == f"{JUNIOR}@mail.example"
    assert stack.smtp.refused == 2
    audit = await stack.audit(
        lambda events: any(isinstance(e, NotificationSent) and e.channel == "email" for e in events)
    )
    (sent,) = [e for e in audit if isinstance(e, NotificationSent) and e.channel == "email"]
    assert sent.attempts == 3
    assert sent.cause_event_id == welcome.event_id
    # Settled for good: a sent delivery is never claimed again.
    (record,) = (
        await stack.db["deliveries"]
        .find({"cause_event_id": str(welcome.event_id), "channel": "email"})
        .to_list(None)
    )
    assert (record["status"], record["attempts"]) == ("sent", 3)
    # The sentinel: the next join on the same key is consumed and sent after the first.
    await stack.produce(joined(now, SENIOR))
    await eventually(
        lambda: asyncio.sleep(
            0, result=any(addressee(m) == f"{SENIOR}@mail.example" for m in welcomes(stack))
        )
    )
    assert [addressee(m) for m in welcomes(stack)].count(f"{JUNIOR}@mail.example") == 1
    async with stack.client() as client:
        metrics = (await client.get("/metrics")).text
    assert 'twoway_notifications_retries_total{channel="email",template="welcome"} 2.0' in metrics


async def test_smtp_rejecting_a_message_reports_it_and_dead_letters_the_cause(
    stack: Stack,
) -> None:
    stack.smtp.reject_next = 1
    now = stack.clock.now()
    welcome = joined(now, JUNIOR)
    await stack.produce(launched(now), welcome)
    audit = await stack.audit(lambda events: any(isinstance(e, NotificationFailed) for e in events))
    (failed,) = [e for e in audit if isinstance(e, NotificationFailed)]
    assert (failed.channel, failed.error_type, failed.permanent) == ("email", "SMTP550", True)
    (dead,) = await stack.dead_letters(1)
    assert dead.value == encode_event(welcome)
    assert dict(dead.headers)["x-dlq-reason"] == b"delivery_rejected"
    assert stack.smtp.refused == 1
    assert stack.smtp.messages == []
    await stack.produce(joined(now, SENIOR))
    (message,) = await emails(stack, "welcome", 1)
    assert message["To"].addresses[0].addr_spec == f"{SENIOR}@mail.example"


async def test_webhook_rejection_is_reported_dead_lettered_and_the_next_alert_still_goes_out(
    stack: Stack,
) -> None:
    admin = stack.token("hr-lead", ["program_admin"], programs=[PROGRAM])
    async with stack.client(admin) as client:
        response = await client.put(
            f"/notifications/programs/{PROGRAM}/admin-contacts/{ADMIN}",
            json={"display_name": "HR Lead", "email": "hr@mail.example", "locale": "en"},
        )
        assert response.status_code == 200
    await start_program(stack, webhook=True)
    await eventually(lambda: asyncio.sleep(0, result=len(stack.webhook.posts) >= 1))
    assert "is live" in stack.webhook.posts[0]["text"]
    stack.webhook.statuses.append(400)
    first = pair_at_risk(stack.clock.now(), episode=1)
    await stack.produce(first)
    audit = await stack.audit(lambda events: any(isinstance(e, NotificationFailed) for e in events))
    (failed,) = [e for e in audit if isinstance(e, NotificationFailed)]
    assert (failed.channel, failed.template, failed.error_type) == (
        "chat",
        "pair_at_risk",
        "HTTP400",
    )
    assert failed.permanent
    assert failed.cause_event_id == first.event_id
    (dead,) = await stack.dead_letters(1)
    headers = {key: value.decode() for key, value in dead.headers}
    assert dead.value == encode_event(first)
    assert headers["x-dlq-service"] == "notifications"
    assert headers["x-dlq-source-topic"] == stack.prefix + "feedback"
    assert headers["x-dlq-error-type"] == "HTTP400"
    assert headers["x-dlq-channel"] == "chat"
    assert headers["x-dlq-delivery-id"] == failed.delivery_id
    # the admin's email about the same alert was not affected
    (alert,) = await emails(stack, "pair_at_risk", 1)
    assert alert["To"].addresses[0].addr_spec == "hr@mail.example"
    assert NAMES[JUNIOR] in plain_text(alert)
    second = pair_at_risk(stack.clock.now(), episode=2)
    await stack.produce(second)
    await eventually(
        lambda: asyncio.sleep(0, result=any("pair-1" in t for t in stack.webhook.accepted()[1:]))
    )
    assert all(NAMES[JUNIOR] not in post["text"] for post in stack.webhook.posts)
