"""ICS invitations: valid RFC 5545 that calendars update in place."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Component

from services.scheduling.domain.invitation import InvitationStyle, render_invitation
from services.scheduling.domain.model import Series, Session

STYLE = InvitationStyle(organizer="mailto:scheduling@example.org")
START = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
SERIES = Series(
    pair_id="pair-1",
    program_id="prog-1",
    junior_id="j-1",
    senior_id="s-1",
    correlation_id=uuid.UUID(int=7),
    pair_created_at=START - timedelta(days=3),
)
SESSION = Session(
    session_id="abc123",
    index=2,
    start=START,
    end=START + timedelta(hours=1),
    updated_at=START - timedelta(days=2),
)


def parsed(text: str) -> tuple[Calendar, Component]:
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invitation_is_a_request_with_a_stable_uid_and_utc_times() -> None:
    text = render_invitation(SERIES, SESSION, program_name="Pilot", style=STYLE)

    calendar, event = parsed(text)
    assert calendar["METHOD"] == "REQUEST"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == "abc123@twoway"
    assert event.decoded("DTSTART") == START
    assert event.decoded("SEQUENCE") == 0
    assert str(event["SUMMARY"]) == "Pilot: reverse-mentoring session 3"
    assert "mailto:scheduling@example.org" in str(event["ORGANIZER"])
    assert "\r\n" in text


def test_the_same_state_always_renders_the_same_bytes() -> None:
    first = render_invitation(SERIES, SESSION, program_name="Pilot", style=STYLE)
    second = render_invitation(SERIES, SESSION, program_name="Pilot", style=STYLE)

    assert first == second


def test_a_moved_session_keeps_its_uid_and_raises_the_sequence() -> None:
    moved = SESSION.moved(START + timedelta(days=1), now=START - timedelta(days=1))

    _calendar, event = parsed(render_invitation(SERIES, moved, program_name="P", style=STYLE))

    assert str(event["UID"]) == "abc123@twoway"
    assert event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART") == START + timedelta(days=1)


def test_a_cancelled_session_is_sent_as_cancel() -> None:
    cancelled = SESSION.cancelled("requested", now=START - timedelta(days=1))

    calendar, event = parsed(render_invitation(SERIES, cancelled, program_name="P", style=STYLE))

    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
