"""A pair's sessions as one recurring calendar series: what scheduling says about it (ids and
instants, no person), the attendees and house style it is written with, and the occurrences of
its rule. `calendar_invitations.py` writes the iTIP messages from these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class CalendarChange(StrEnum):
    PLANNED = "planned"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class CalendarSession:
    session_id: str
    start: datetime
    end: datetime
    cancelled: bool
    occurrence: datetime | None
    """The pattern occurrence it stands for (RECURRENCE-ID); None: an event of its own."""


@dataclass(frozen=True, slots=True)
class SeriesCalendar:
    """A series as scheduling describes it: no person in it, ids and instants only."""

    pair_id: str
    zone: str
    first_start: datetime
    cadence_days: int
    count: int
    session_minutes: int
    sessions: tuple[CalendarSession, ...]
    sequence: int
    stamp: datetime
    change: CalendarChange = CalendarChange.PLANNED
    session_id: str | None = None
    """The session a RESCHEDULED or CANCELLED change is about."""


@dataclass(frozen=True, slots=True)
class Attendee:
    address: str
    name: str


@dataclass(frozen=True, slots=True)
class CalendarStyle:
    organizer: str
    organizer_name: str
    summary: str
    description: str
    uid_domain: str = "twoway"
    product_id: str = "-//Twoway//Notifications//EN"


@dataclass(frozen=True, slots=True)
class CalendarMessage:
    ics: str
    method: str


def series_uid(pair_id: str, style: CalendarStyle) -> str:
    return f"series-{pair_id}@{style.uid_domain}"


def session_uid(session_id: str, style: CalendarStyle) -> str:
    return f"{session_id}@{style.uid_domain}"


def pattern_occurrences(series: SeriesCalendar) -> list[datetime]:
    """The rule's occurrences as instants (local wall-clock time kept across DST)."""
    tz = ZoneInfo(series.zone)
    first = series.first_start.astimezone(tz)
    return [
        datetime.combine(
            first.date() + timedelta(days=k * series.cadence_days), first.time(), tzinfo=tz
        )
        for k in range(series.count)
    ]


def on_rule_only(series: SeriesCalendar) -> SeriesCalendar:
    """A session whose occurrence is not one of the rule's is treated as off the rule (its
    own event) rather than silently missing from every calendar."""
    rule = set(pattern_occurrences(series))
    sessions = tuple(
        s if s.occurrence is None or s.occurrence in rule else replace(s, occurrence=None)
        for s in series.sessions
    )
    return replace(series, sessions=sessions)
