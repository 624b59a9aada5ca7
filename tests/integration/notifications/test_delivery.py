"""Notifications on the real broker and database, with a real SMTP server: introductions,
one email per person, and one calendar series kept up to date."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from icalendar import Calendar

from shared.events import (
    NotificationSent,
    SeriesSession,
    SessionSeriesChanged,
    SessionSeriesPlanned,
)
from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import (
    JUNIOR,
    NAMES,
    PROGRAM,
    REASONS,
    SENIOR,
    pair_created,
    pair_ended,
    series_planned,
)
from tests.integration.notifications.received_mail import emails, plain_text, start_program

pytestmark = pytest.mark.integration


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
