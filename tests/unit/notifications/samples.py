"""One valid event of every type the notifications service reacts to, and the people in them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from services.notifications.domain.model import Contact, ProgramProfile
from shared.events import (
    Event,
    FeedbackRequested,
    MatchingRoundCompleted,
    MatchReason,
    PairAtRisk,
    PairCreated,
    PairEnded,
    PairHealthRecovered,
    ParticipantInvited,
    ParticipantJoined,
    ParticipantProfile,
    ProgramLaunched,
    ProgramSettings,
    SeriesPattern,
    SeriesSession,
    SessionMissed,
    SessionReminderDue,
    SessionSeriesChanged,
    SessionSeriesPlanned,
    SessionSeriesUnschedulable,
)

NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
PROGRAM = "emea-2026"
JUNIOR, SENIOR, ADMIN = "p-junior", "p-senior", "admin-1"
JUNIOR_NAME, SENIOR_NAME = "Ada Junior", "Grace Senior"
REASONS = ("Ada teaches generative AI, which Grace wants to learn", "Grace teaches negotiation")
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Twoway//EN\r\nBEGIN:VEVENT\r\n"
    "UID:s-1@twoway\r\nDTSTAMP:20260303T100000Z\r\nDTSTART:20260310T090000Z\r\n"
    "DTEND:20260310T100000Z\r\nSUMMARY:Reverse mentoring\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)

SETTINGS = ProgramSettings(
    name="EMEA reverse mentoring 2026",
    region="EMEA",
    timezone="Europe/Berlin",
    locales=["en", "de"],
    start_date=date(2026, 3, 1),
    end_date=date(2026, 9, 1),
    admin_recipient_ids=[ADMIN],
    chat_webhook_url="https://hooks.example.com/services/T000/B000/XXXX",
    branding_name="Two Way EMEA",
)


def envelope(**overrides: object) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": uuid4(),
        "occurred_at": NOW,
        "program_id": PROGRAM,
        "correlation_id": UUID("00000000-0000-4000-8000-000000000002"),
    }
    base.update(overrides)
    return base


def profile(participant_id: str = JUNIOR, **overrides: object) -> ParticipantProfile:
    fields: dict[str, Any] = {
        "participant_id": participant_id,
        "role": "junior" if participant_id == JUNIOR else "senior",
        "display_name": JUNIOR_NAME if participant_id == JUNIOR else SENIOR_NAME,
        "email": f"{participant_id}@example.com",
        "department": "Engineering",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": 2 if participant_id == JUNIOR else 8,
    }
    fields.update(overrides)
    return ParticipantProfile(**fields)


SESSION: dict[str, Any] = {
    "session_id": "s-1",
    "pair_id": "pair-1",
    "junior_id": JUNIOR,
    "senior_id": SENIOR,
}
PAIR: dict[str, Any] = {"pair_id": "pair-1", "junior_id": JUNIOR, "senior_id": SENIOR}
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def series_fields(
    starts: list[datetime] | None = None, *, zone: str = "Europe/Berlin", cadence_days: int = 7
) -> dict[str, Any]:
    """A weekly series of four sessions from START, each on its own occurrence."""
    if starts is None:  # 10:00 in Berlin each week, across the change to summer time
        local = START.astimezone(ZoneInfo(zone))
        starts = [(local + timedelta(days=7 * k)).astimezone(UTC) for k in range(4)]
    return {
        **PAIR,
        "pattern": SeriesPattern(
            timezone=zone,
            first_start=starts[0],
            cadence_days=cadence_days,
            count=len(starts),
            session_minutes=60,
        ),
        "sessions": [
            SeriesSession(
                session_id=f"s-{k + 1}",
                index=k,
                start=start,
                end=start + timedelta(hours=1),
                status="scheduled",
                occurrence=start,
            )
            for k, start in enumerate(starts)
        ],
        "sequence": 1,
    }


def series_planned(**overrides: Any) -> SessionSeriesPlanned:
    reasons = [
        MatchReason(code=f"reason_{i}", text=text, points=10.0) for i, text in enumerate(REASONS)
    ]
    return SessionSeriesPlanned(
        **envelope(), **{**series_fields(), "reasons": reasons, **overrides}
    )


def series_changed(change: str, **overrides: Any) -> SessionSeriesChanged:
    fields = series_fields()
    sessions = list(fields["sessions"])
    if change == "rescheduled":
        first = sessions[0]
        moved = START + timedelta(days=1)
        sessions[0] = first.model_copy(update={"start": moved, "end": moved + timedelta(hours=1)})
        extra: dict[str, Any] = {"session_id": "s-1", "previous_start": START, "reason": "conflict"}
    elif change == "cancelled":
        sessions[1] = sessions[1].model_copy(update={"status": "cancelled"})
        extra = {"session_id": "s-2", "reason": "requested"}
    else:
        sessions = [s.model_copy(update={"status": "cancelled"}) for s in sessions]
        extra = {"reason": "pair_ended"}
    fields.update(sessions=sessions, sequence=2)
    return SessionSeriesChanged(**envelope(), **{**fields, "change": change, **extra, **overrides})


def notified_events() -> dict[str, Event]:
    """Template name -> an event that leads to it."""
    return {
        "welcome": ParticipantJoined(**envelope(), participant=profile()),
        "program_invitation": ParticipantInvited(
            **envelope(),
            participant_id=JUNIOR,
            role="junior",
            display_name=JUNIOR_NAME,
            email="ada@example.com",
            locale="de",
            timezone="Europe/Berlin",
        ),
        "program_launched": ProgramLaunched(**envelope(), settings=SETTINGS),
        "matching_round_completed": MatchingRoundCompleted(
            **envelope(),
            round_id=uuid4(),
            pairs_proposed=40,
            pairs_created=38,
            unmatched_juniors=2,
            unmatched_seniors=1,
            match_rate=0.95,
            mean_score=41.5,
            lowest_score=20.0,
            gap_to_bound=0.01,
            duration_seconds=1.2,
            awaiting_approval=True,
        ),
        "pair_introduction": PairCreated(
            **envelope(),
            **PAIR,
            score=42.0,
            round_id=uuid4(),
            reasons=[
                MatchReason(code=f"reason_{i}", text=text, points=10.0)
                for i, text in enumerate(REASONS)
            ],
        ),
        "pair_ended": PairEnded(**envelope(), **PAIR, reason="program_ended"),
        "series_invitation": series_planned(),
        "session_rescheduled": series_changed("rescheduled"),
        "session_cancelled": series_changed("cancelled"),
        "series_cancelled": series_changed("ended"),
        "session_reminder": SessionReminderDue(
            **envelope(), **SESSION, start=START, end=START + timedelta(hours=1), minutes_before=60
        ),
        "session_missed": SessionMissed(**envelope(), **SESSION, start=START),
        "series_unschedulable": SessionSeriesUnschedulable(
            **envelope(), **PAIR, reason="no_common_availability"
        ),
        "feedback_requested": FeedbackRequested(
            **envelope(),
            request_id="r-1",
            session_id="s-1",
            pair_id="pair-1",
            participant_id=JUNIOR,
            role="junior",
            due_at=NOW + timedelta(days=7),
            is_nudge=True,
        ),
        "pair_at_risk": PairAtRisk(
            **envelope(),
            **PAIR,
            health_score=0.3,
            reasons=["low_ratings", "missed_sessions"],
            episode=1,
        ),
        "pair_recovered": PairHealthRecovered(**envelope(), **PAIR, health_score=0.7, episode=1),
    }


def program_profile() -> ProgramProfile:
    return ProgramProfile(
        program_id=PROGRAM,
        version=1,
        name=SETTINGS.name,
        region="EMEA",
        timezone="Europe/Berlin",
        locales=("en", "de"),
        admin_recipient_ids=(ADMIN,),
        chat_webhook_url=str(SETTINGS.chat_webhook_url),
        branding_name=SETTINGS.branding_name,
    )


def contact(participant_id: str = JUNIOR, **overrides: object) -> Contact:
    fields: dict[str, Any] = {
        "recipient_id": participant_id,
        "program_id": PROGRAM,
        "display_name": {JUNIOR: JUNIOR_NAME, SENIOR: SENIOR_NAME}.get(
            participant_id, "Alex Admin"
        ),
        "email": f"{participant_id}@example.com",
        "timezone": "Europe/Berlin",
    }
    fields.update(overrides)
    return Contact(**fields)
