"""Small builders for people, programs and events used by the scheduling unit tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.scheduling.domain.model import Person, ProgramCalendar, WeeklyWindow
from shared.events import (
    AvailabilityWindow,
    PairCreated,
    ParticipantJoined,
    ParticipantProfile,
    ProgramLaunched,
    ProgramSettings,
)

DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def hhmm(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def person(pid: str, timezone: str, *windows: tuple[str, str, str]) -> Person:
    return Person(
        participant_id=pid,
        timezone=timezone,
        windows=tuple(WeeklyWindow(DAYS[d], hhmm(s), hhmm(e)) for d, s, e in windows),
    )


def program(**overrides: Any) -> ProgramCalendar:
    fields: dict[str, Any] = {
        "program_id": "prog-1",
        "name": "Global pilot",
        "region": "EMEA",
        "timezone": "Europe/Berlin",
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 5, 31),
        "cadence_days": 7,
        "session_minutes": 60,
    }
    fields.update(overrides)
    return ProgramCalendar(**fields)


def local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(ZoneInfo(timezone))


def inside_availability(p: Person, start: datetime, end: datetime) -> bool:
    """True if [start, end) lies inside one of the person's windows on that local day."""
    begin, finish = local(start, p.timezone), local(end, p.timezone)
    if begin.date() != finish.date() and not (finish.hour == 0 and finish.minute == 0):
        return False
    first = begin.hour * 60 + begin.minute
    last = first + int((end - start).total_seconds() // 60)
    return any(
        w.weekday == begin.weekday() and w.start_minute <= first and last <= w.end_minute
        for w in p.windows
    )


# -- events ---------------------------------------------------------------------------------
def envelope(program_id: str = "prog-1", at: datetime | None = None) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(),
        "occurred_at": at or datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        "program_id": program_id,
        "correlation_id": uuid.uuid4(),
    }


def settings_for(**overrides: Any) -> ProgramSettings:
    fields: dict[str, Any] = {
        "name": "Global pilot",
        "region": "EMEA",
        "timezone": "Europe/Berlin",
        "locales": ["en"],
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 5, 31),
        "cadence_days": 7,
        "session_minutes": 60,
    }
    fields.update(overrides)
    return ProgramSettings(**fields)


def program_launched(program_id: str = "prog-1", **overrides: Any) -> ProgramLaunched:
    return ProgramLaunched(**envelope(program_id), settings=settings_for(**overrides))


def profile(
    pid: str, role: str, timezone: str, windows: list[tuple[str, str, str]]
) -> ParticipantProfile:
    return ParticipantProfile(
        participant_id=pid,
        role=role,  # type: ignore[arg-type]
        display_name=f"Person {pid}",
        email=f"{pid}@example.com",
        department="Engineering",
        location="Somewhere",
        timezone=timezone,
        languages=["en"],
        seniority_level=3 if role == "junior" else 8,
        availability=[AvailabilityWindow(day=d, start=s, end=e) for d, s, e in windows],  # type: ignore[arg-type]
    )


def joined(
    pid: str,
    role: str,
    timezone: str,
    windows: list[tuple[str, str, str]],
    program_id: str = "prog-1",
) -> ParticipantJoined:
    return ParticipantJoined(
        **envelope(program_id), participant=profile(pid, role, timezone, windows)
    )


def pair_created(
    pair_id: str = "pair-1",
    junior: str = "j-1",
    senior: str = "s-1",
    program_id: str = "prog-1",
    at: datetime | None = None,
) -> PairCreated:
    return PairCreated(
        **envelope(program_id, at),
        pair_id=pair_id,
        junior_id=junior,
        senior_id=senior,
        score=40.0,
        reasons=[],
        round_id=uuid.uuid4(),
    )
