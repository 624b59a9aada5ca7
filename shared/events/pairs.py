"""Events of the `pairs` stream (key: pair_id)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Contract, Event, Identifier
from shared.events.wire_types import WireUuid


class MatchReason(Contract):
    """One readable line of why two people were matched, with its share of the score."""

    code: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    text: Annotated[str, Field(min_length=1, max_length=300)]
    points: float


class PairCreated(Event):
    event_type: Literal["PairCreated"] = "PairCreated"
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    score: float
    reasons: Annotated[list[MatchReason], Field(max_length=50)]
    round_id: WireUuid
    replaces_pair_id: Identifier | None = None


PairEndReason = Literal[
    "admin",
    "at_risk",
    "withdrawal",
    "erasure",
    "program_ended",
    # Why an admin ended a pair, when they say (added later; "admin" stays the default).
    "participant_request",
    "left_company",
    "not_a_fit",
]
AdminEndReason = Literal["admin", "participant_request", "left_company", "not_a_fit"]


class PairEnded(Event):
    event_type: Literal["PairEnded"] = "PairEnded"
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    reason: PairEndReason
