"""From wire contracts to the domain: only what scheduling needs, nothing personal."""

from __future__ import annotations

from services.scheduling.domain.model import Person, ProgramCalendar, WeeklyWindow
from shared.events import ParticipantProfile, ProgramSettings
from shared.events.participants import clock_minutes

_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def person_from(profile: ParticipantProfile) -> Person:
    return Person(
        participant_id=profile.participant_id,
        timezone=profile.timezone,
        windows=tuple(
            WeeklyWindow(_WEEKDAY[w.day], clock_minutes(w.start), clock_minutes(w.end))
            for w in profile.availability
        ),
    )


def calendar_from(program_id: str, settings: ProgramSettings, version: int) -> ProgramCalendar:
    return ProgramCalendar(
        program_id=program_id,
        name=settings.branding_name or settings.name,
        region=settings.region,
        timezone=settings.timezone,
        start_date=settings.start_date,
        end_date=settings.end_date,
        cadence_days=settings.cadence_days,
        session_minutes=settings.session_minutes,
        blackout_dates=frozenset(settings.blackout_dates),
        reminder_offsets_minutes=tuple(settings.reminder_offsets_minutes),
        missed_after_hours=settings.missed_after_hours,
        version=version,
    )
