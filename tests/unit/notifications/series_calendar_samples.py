"""A weekly series of a pair across both DST changes of 2026 (New York and Berlin), and
the two parsers (`icalendar`, `recurring-ical-events`) the calendar tests read it with."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from services.notifications.domain.series_calendar import (
    Attendee,
    CalendarChange,
    CalendarSession,
    CalendarStyle,
    SeriesCalendar,
)

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
PEOPLE = [Attendee("ada@example.com", "Ada Junior"), Attendee("grace@example.com", "Grace Senior")]
STYLE = CalendarStyle(
    organizer="programs@example.com",
    organizer_name="Two Way EMEA",
    summary="Two Way EMEA: Ada Junior & Grace Senior",
    description="https://app.example/me/programs/emea/pairs/pair-1",
)
UID = "series-pair-1@twoway"


def weekly_in_new_york(weeks: int = 10) -> list[datetime]:
    """Tuesdays 09:00 in New York from 3 March 2026: the US changes clocks on 8 March, Europe
    on 29 March, so the Berlin wall-clock time moves twice."""
    first = datetime(2026, 3, 3, 9, 0, tzinfo=NEW_YORK)
    return [(first + timedelta(days=7 * k)).astimezone(UTC) for k in range(weeks)]


def series(
    sessions: list[CalendarSession], *, sequence: int = 1, change: str = "planned", **kw: object
) -> SeriesCalendar:
    occurrences = weekly_in_new_york()
    return SeriesCalendar(
        pair_id="pair-1",
        zone="America/New_York",
        first_start=occurrences[0],
        cadence_days=7,
        count=len(occurrences),
        session_minutes=60,
        sessions=tuple(sessions),
        sequence=sequence,
        stamp=datetime(2026, 3, 1, tzinfo=UTC),
        change=CalendarChange(change),
        **kw,  # type: ignore[arg-type]
    )


def planned_sessions() -> list[CalendarSession]:
    """Ten occurrences; the 4th is skipped (a blackout), the 6th laid a day later."""
    found = []
    for k, occurrence in enumerate(weekly_in_new_york()):
        if k == 3:
            continue
        start = occurrence + timedelta(days=1) if k == 5 else occurrence
        found.append(
            CalendarSession(f"s-{k}", start, start + timedelta(hours=1), False, occurrence)
        )
    return found


def laid_at(session: CalendarSession, start: datetime, **changes: object) -> CalendarSession:
    """The session moved to `start`, an hour long."""
    return replace(session, start=start, end=start + timedelta(hours=1), **changes)  # type: ignore[arg-type]


def swapped(sessions: list[CalendarSession], changed: CalendarSession) -> list[CalendarSession]:
    """The sessions with `changed` in place of the one of its id."""
    return [changed if s.session_id == changed.session_id else s for s in sessions]


def parse(ics: str) -> Calendar:
    calendar = Calendar.from_ical(ics)
    assert calendar.name == "VCALENDAR"
    return calendar


def expand(ics: str) -> list[datetime]:
    """Occurrences as UTC instants, expanded by recurring-ical-events."""
    events = recurring_ical_events.of(parse(ics)).between(
        datetime(2026, 1, 1), datetime(2027, 1, 1)
    )
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)


def live(sessions: list[CalendarSession]) -> list[datetime]:
    return sorted(s.start for s in sessions if not s.cancelled)
