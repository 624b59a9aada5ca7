"""Pair and session events of one pair, as the feedback service receives them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from shared.events import Event, ParticipantErased
from tests.unit.shared.sample_events import sample

PROGRAM = "emea-2026"
PAIR_ID = "pair-1"
JUNIOR = "p-001"
SENIOR = "p-002"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def event(event_type: str, **changes: Any) -> Event:
    """A valid event of `event_type` for the pair, with its own id and `changes` applied."""
    base = sample(event_type)
    return base.model_copy(update={"event_id": uuid4(), "program_id": PROGRAM, **changes})


def pair_created(at: datetime = START) -> Event:
    return event("PairCreated", occurred_at=at)


def session_completed(
    number: int,
    *,
    attended_junior: bool = True,
    attended_senior: bool = True,
) -> Event:
    start = START + timedelta(days=14 * number)
    return event(
        "SessionCompleted",
        session_id=f"s-{number}",
        start=start,
        occurred_at=start + timedelta(hours=1),
        attended_junior=attended_junior,
        attended_senior=attended_senior,
    )


def session_missed(number: int) -> Event:
    start = START + timedelta(days=14 * number)
    return event(
        "SessionMissed",
        session_id=f"s-{number}",
        start=start,
        occurred_at=start + timedelta(hours=12),
    )


def participant_erased(participant_id: str = JUNIOR) -> ParticipantErased:
    erased = event("ParticipantErased", participant_id=participant_id)
    assert isinstance(erased, ParticipantErased)
    return erased
