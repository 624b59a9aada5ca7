"""From wire contracts to the domain: the programs, contacts and calendars notifications
works with, mapped explicitly (the occasions people hear about are `occasions.py`)."""

from __future__ import annotations

from services.notifications.domain.model import Contact, ProgramProfile
from services.notifications.domain.series_calendar import (
    CalendarChange,
    CalendarSession,
    SeriesCalendar,
)
from shared.events import (
    ParticipantInvited,
    ParticipantProfile,
    ProgramLaunched,
    ProgramUpdated,
    SessionSeriesChanged,
    SessionSeriesPlanned,
)


def program_profile(event: ProgramLaunched | ProgramUpdated) -> ProgramProfile:
    s = event.settings
    return ProgramProfile(
        program_id=event.program_id,
        version=event.program_version,
        name=s.name,
        region=s.region,
        timezone=s.timezone,
        locales=tuple(s.locales),
        admin_recipient_ids=tuple(s.admin_recipient_ids),
        chat_webhook_url=str(s.chat_webhook_url) if s.chat_webhook_url else None,
        branding_name=s.branding_name,
    )


def participant_contact(program_id: str, profile: ParticipantProfile) -> Contact:
    return Contact(
        recipient_id=profile.participant_id,
        program_id=program_id,
        display_name=profile.display_name,
        email=profile.email,
        timezone=profile.timezone,
        locale=profile.locale,
        languages=tuple(profile.languages),
        chat_handle=profile.chat_handle,
        role=profile.role,
    )


def invited_contact(event: ParticipantInvited) -> Contact:
    return Contact(
        recipient_id=event.participant_id,
        program_id=event.program_id,
        display_name=event.display_name,
        email=event.email,
        timezone=event.timezone or "UTC",
        locale=event.locale,
        role=event.role,
    )


def series_calendar(event: SessionSeriesPlanned | SessionSeriesChanged) -> SeriesCalendar:
    change = (
        CalendarChange(event.change)
        if isinstance(event, SessionSeriesChanged)
        else CalendarChange.PLANNED
    )
    return SeriesCalendar(
        pair_id=event.pair_id,
        zone=event.pattern.timezone,
        first_start=event.pattern.first_start,
        cadence_days=event.pattern.cadence_days,
        count=event.pattern.count,
        session_minutes=event.pattern.session_minutes,
        sessions=tuple(
            CalendarSession(
                session_id=s.session_id,
                start=s.start,
                end=s.end,
                cancelled=s.status == "cancelled",
                occurrence=s.occurrence,
            )
            for s in event.sessions
        ),
        sequence=event.sequence,
        stamp=event.occurred_at,
        change=change,
        session_id=event.session_id if isinstance(event, SessionSeriesChanged) else None,
    )
