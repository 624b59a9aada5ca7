"""Events as the other services would publish them, stamped with the test's clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from shared.events import (
    MatchReason,
    PairAtRisk,
    PairCreated,
    PairEnded,
    ParticipantErased,
    ParticipantJoined,
    ParticipantProfile,
    ProgramLaunched,
    ProgramSettings,
    SeriesPattern,
    SeriesSession,
    SessionSeriesPlanned,
)
from shared.events.programs import Locale

PROGRAM = "emea-2026"
JUNIOR, SENIOR, ADMIN = "p-ada", "p-grace", "admin-hr"
NAMES = {JUNIOR: "Ada Lovelace", SENIOR: "Grace Hopper"}
REASONS = (
    "Ada teaches prompt engineering, which Grace wants to learn",
    "Grace teaches stakeholder negotiation, which Ada wants to learn",
)


def envelope(now: datetime) -> dict[str, Any]:
    return {
        "event_id": uuid4(),
        "occurred_at": now,
        "program_id": PROGRAM,
        "correlation_id": uuid4(),
    }


def launched(now: datetime, webhook_url: str | None = None) -> ProgramLaunched:
    return ProgramLaunched(
        **envelope(now),
        settings=ProgramSettings(
            name="EMEA reverse mentoring",
            region="EMEA",
            timezone="Europe/Berlin",
            locales=["en", "de"],
            start_date=now.date(),
            end_date=(now + timedelta(days=180)).date(),
            admin_recipient_ids=[ADMIN],
            chat_webhook_url=webhook_url or None,
        ),
    )


def joined(
    now: datetime, participant_id: str, *, locale: Locale | None = None
) -> ParticipantJoined:
    return ParticipantJoined(
        **envelope(now),
        participant=ParticipantProfile(
            participant_id=participant_id,
            role="junior" if participant_id == JUNIOR else "senior",
            display_name=NAMES[participant_id],
            email=f"{participant_id}@mail.example",
            department="Engineering" if participant_id == JUNIOR else "Board",
            location="Berlin",
            timezone="Europe/Berlin",
            languages=["en", "de"],
            seniority_level=2 if participant_id == JUNIOR else 9,
            locale=locale,
        ),
    )


def pair_created(now: datetime) -> PairCreated:
    return PairCreated(
        **envelope(now),
        pair_id="pair-1",
        junior_id=JUNIOR,
        senior_id=SENIOR,
        score=61.5,
        round_id=uuid4(),
        reasons=[
            MatchReason(code=f"teaches_{i}", text=text, points=20.0)
            for i, text in enumerate(REASONS)
        ],
    )


def pair_ended(now: datetime) -> PairEnded:
    return PairEnded(
        **envelope(now), pair_id="pair-1", junior_id=JUNIOR, senior_id=SENIOR, reason="admin"
    )


def series_planned(now: datetime, weeks: int = 6) -> SessionSeriesPlanned:
    """Weekly sessions at 10:00 Berlin time from next week, as scheduling plans them."""
    berlin = ZoneInfo("Europe/Berlin")
    first_day = (now + timedelta(days=7)).astimezone(berlin).date()
    starts = [
        datetime.combine(first_day + timedelta(days=7 * k), time(10, 0), tzinfo=berlin)
        for k in range(weeks)
    ]
    return SessionSeriesPlanned(
        **envelope(now),
        pair_id="pair-1",
        junior_id=JUNIOR,
        senior_id=SENIOR,
        pattern=SeriesPattern(
            timezone="Europe/Berlin",
            first_start=starts[0],
            cadence_days=7,
            count=weeks,
            session_minutes=60,
        ),
        sessions=[
            SeriesSession(
                session_id=f"session-{k + 1}",
                index=k,
                start=start,
                end=start + timedelta(hours=1),
                status="scheduled",
                occurrence=start,
            )
            for k, start in enumerate(starts)
        ],
        sequence=1,
        reasons=[
            MatchReason(code=f"r{i}", text=text, points=5.0) for i, text in enumerate(REASONS)
        ],
    )


def pair_at_risk(now: datetime, episode: int = 1) -> PairAtRisk:
    return PairAtRisk(
        **envelope(now),
        pair_id="pair-1",
        junior_id=JUNIOR,
        senior_id=SENIOR,
        health_score=0.25,
        reasons=["missed_sessions"],
        episode=episode,
    )


def erased(now: datetime, participant_id: str) -> ParticipantErased:
    return ParticipantErased(**envelope(now), participant_id=participant_id)
