"""Notifications on the real broker and database, with a real SMTP server and a webhook server."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from email.message import EmailMessage
from uuid import uuid4

import pytest
from icalendar import Calendar

from shared.events import (
    NotificationFailed,
    NotificationSent,
    SeriesSession,
    SessionSeriesChanged,
    SessionSeriesPlanned,
    encode_event,
)
from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import (
    ADMIN,
    JUNIOR,
    NAMES,
    PROGRAM,
    REASONS,
    SENIOR,
    joined,
    launched,
    pair_at_risk,
    pair_created,
    pair_ended,
    series_planned,
)

pytestmark = pytest.mark.integration


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


async def test_pair_created_sends_both_people_an_introduction_with_the_reasons(
    stack: Stack,
) -> None:
    await start_program(stack)
    event = pair_created(stack.clock.now())
    await stack.produce(event)
    intros = await emails(stack, "pair_introduction", 2)
    by_recipient = {m["To"].addresses[0].addr_spec: m for m in intros}
    assert set(by_recipient) == {f"{JUNIOR}@mail.example", f"{SENIOR}@mail.example"}
    junior_mail, senior_mail = (by_recipient[f"{p}@mail.example"] for p in (JUNIOR, SENIOR))
    assert NAMES[SENIOR] in junior_mail["Subject"]
    assert NAMES[JUNIOR] in senior_mail["Subject"]
    assert "Tandem" in senior_mail["Subject"]  # the senior asked for German
    for message in intros:
        assert all(reason in plain_text(message) for reason in REASONS)
        assert message["Message-ID"].endswith("@twoway.example>")
    audit = await stack.audit(
        lambda events: len([e for e in events if e.causation_id == event.event_id]) >= 4
    )
    sent = [
        e for e in audit if isinstance(e, NotificationSent) and e.cause_event_id == event.event_id
    ]
    assert sorted((e.recipient_id, e.channel) for e in sent) == [
        (JUNIOR, "email"),
        (JUNIOR, "inbox"),
        (SENIOR, "email"),
        (SENIOR, "inbox"),
    ]
    async with stack.client() as client:
        metrics = (await client.get("/metrics")).text
    assert (
        'twoway_notifications_sent_total{channel="email",template="pair_introduction"} 2.0'
        in metrics
    )
    assert "twoway_notifications_delivery_latency_seconds_bucket" in metrics


async def test_a_planned_series_is_one_email_with_the_introduction_and_one_calendar_series(
    stack: Stack,
) -> None:
    await start_program(stack)
    series = series_planned(stack.clock.now())
    created = pair_created(stack.clock.now())
    await stack.produce(series)
    invitations = await emails(stack, "series_invitation", 2)
    await stack.produce(created)
    for message in invitations:
        text = plain_text(message)
        assert all(reason in text for reason in REASONS)
        assert f"https://twoway.example/me/programs/{PROGRAM}/pairs/pair-1" in text
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1
        assert parts[0].get_param("method") == "REQUEST"
        calendar = Calendar.from_ical(parts[0].get_content())
        assert str(calendar["METHOD"]) == "REQUEST"
        (master,) = calendar.walk("VEVENT")
        assert str(master["UID"]) == "series-pair-1@twoway"
        assert master.decoded("RRULE")["COUNT"] == [6]
        attendees = sorted(str(a) for a in master.get("ATTENDEE"))
        assert attendees == [f"mailto:{JUNIOR}@mail.example", f"mailto:{SENIOR}@mail.example"]
        assert "invite.ics" in [p.get_filename() for p in message.iter_attachments()]
    german = next(m for m in invitations if m["To"].addresses[0].addr_spec.startswith(SENIOR))
    assert NAMES[JUNIOR] in german["Subject"]
    assert "Lerne" in german["Subject"]

    async def introduction_emails_settled() -> list[dict]:
        found = (
            await stack.db["deliveries"]
            .find({"cause_event_id": str(created.event_id), "channel": "email"})
            .to_list(None)
        )
        return found if len(found) == 2 and {d["status"] for d in found} == {"skipped"} else []

    await eventually(introduction_emails_settled, 30.0)  # carried by the series invitation
    assert stack.smtp.with_template("pair_introduction") == []


async def test_the_same_event_twice_gives_one_email_per_person(stack: Stack) -> None:
    await start_program(stack)
    event = pair_created(stack.clock.now())
    await stack.produce(event)
    await stack.produce(event)
    await emails(stack, "pair_introduction", 2)
    # The sentinel: the pair's end, on the same key (the same partition), is consumed after
    # the duplicate; once its emails are out, the duplicate has been handled too.
    await stack.produce(pair_ended(stack.clock.now()))
    await emails(stack, "pair_ended", 2)
    assert len(stack.smtp.with_template("pair_introduction")) == 2
    records = await stack.db["deliveries"].count_documents({"cause_event_id": str(event.event_id)})
    assert records == 4


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


async def test_a_moved_and_a_cancelled_session_update_the_same_series(stack: Stack) -> None:
    await start_program(stack)
    planned = series_planned(stack.clock.now())
    await stack.produce(planned)
    await emails(stack, "series_invitation", 2)
    sessions = list(planned.sessions)
    moved = sessions[1].model_copy(
        update={
            "start": sessions[1].start + timedelta(days=1),
            "end": sessions[1].end + timedelta(days=1),
        }
    )
    after_move = [moved if s.session_id == moved.session_id else s for s in sessions]
    rescheduled = _changed(planned, after_move, 2, "rescheduled", moved.session_id)
    await stack.produce(rescheduled)
    for message in await emails(stack, "session_rescheduled", 2):
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "REQUEST"
        events = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert {str(e["UID"]) for e in events} == {"series-pair-1@twoway"}
        assert {e.decoded("SEQUENCE") for e in events} == {2}
        (override,) = [e for e in events if "RECURRENCE-ID" in e]
        assert override.decoded("RECURRENCE-ID") == sessions[1].occurrence
        assert override.decoded("DTSTART") == moved.start

    cancelled = sessions[2].model_copy(update={"status": "cancelled"})
    after_cancel = [cancelled if s.session_id == cancelled.session_id else s for s in after_move]
    await stack.produce(_changed(planned, after_cancel, 3, "cancelled", cancelled.session_id))
    for message in await emails(stack, "session_cancelled", 2):
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "CANCEL"
        (event,) = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert str(event["UID"]) == "series-pair-1@twoway"
        assert event.decoded("RECURRENCE-ID") == sessions[2].occurrence
        assert event.decoded("SEQUENCE") == 3

    # The pair ends after its first session was held: the rest is withdrawn occurrence by
    # occurrence, and the held session stays in both calendars.
    held = after_cancel[0].model_copy(update={"status": "completed"})
    rest = [s.model_copy(update={"status": "cancelled"}) for s in after_cancel[1:]]
    ended = _changed(planned, [held, *rest], 4, "ended", None)
    await stack.produce(ended)
    for message in await emails(stack, "series_cancelled", 2):
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "CANCEL"
        calendar = Calendar.from_ical(part.get_content())
        assert str(calendar["METHOD"]) == "CANCEL"
        events = calendar.walk("VEVENT")
        assert {str(e["UID"]) for e in events} == {"series-pair-1@twoway"}
        assert sorted(e.decoded("RECURRENCE-ID") for e in events) == [
            s.occurrence for s in sessions[1:]
        ]
        assert {(e.decoded("SEQUENCE"), str(e["STATUS"])) for e in events} == {(4, "CANCELLED")}


def _changed(
    planned: SessionSeriesPlanned,
    sessions: list[SeriesSession],
    sequence: int,
    change: str,
    session_id: str | None,
) -> SessionSeriesChanged:
    return SessionSeriesChanged(
        event_id=uuid4(),
        occurred_at=planned.occurred_at,
        program_id=planned.program_id,
        correlation_id=planned.correlation_id,
        pair_id=planned.pair_id,
        junior_id=planned.junior_id,
        senior_id=planned.senior_id,
        pattern=planned.pattern,
        sessions=sessions,
        sequence=sequence,
        change=change,  # type: ignore[arg-type]
        session_id=session_id,
        reason="requested" if session_id else "series_cancelled",
    )
