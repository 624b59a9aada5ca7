"""Events of the `feedback` stream (key: pair_id)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Contract, Event, Identifier, SkillName, UtcDatetime
from shared.events.participants import Role
from shared.events.wire_types import AS_WHOLE

Rating = Annotated[int, Field(ge=1, le=5), AS_WHOLE]


class FeedbackRequested(Event):
    event_type: Literal["FeedbackRequested"] = "FeedbackRequested"
    request_id: Identifier
    session_id: Identifier
    pair_id: Identifier
    participant_id: Identifier
    role: Role
    due_at: UtcDatetime
    is_nudge: bool = False


class Ratings(Contract):
    value: Rating
    preparation: Rating
    psychological_safety: Rating | None = None


class FeedbackSubmitted(Event):
    """Ratings and topics only: a private note never leaves the feedback service."""

    event_type: Literal["FeedbackSubmitted"] = "FeedbackSubmitted"
    request_id: Identifier
    session_id: Identifier
    pair_id: Identifier
    participant_id: Identifier
    role: Role
    ratings: Ratings
    topics_learned: Annotated[list[SkillName], Field(max_length=20)] = []
    topics_taught: Annotated[list[SkillName], Field(max_length=20)] = []
    would_continue: bool
    revision: Annotated[int, Field(ge=1), AS_WHOLE] = 1


RiskReason = Literal[
    "low_ratings", "missed_sessions", "unanswered_feedback", "inactive", "low_psychological_safety"
]


class PairAtRisk(Event):
    event_type: Literal["PairAtRisk"] = "PairAtRisk"
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    health_score: Annotated[float, Field(ge=0.0, le=1.0)]
    reasons: Annotated[list[RiskReason], Field(min_length=1, max_length=10)]
    episode: Annotated[int, Field(ge=1), AS_WHOLE]


class PairHealthRecovered(Event):
    event_type: Literal["PairHealthRecovered"] = "PairHealthRecovered"
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    health_score: Annotated[float, Field(ge=0.0, le=1.0)]
    episode: Annotated[int, Field(ge=1), AS_WHOLE]
