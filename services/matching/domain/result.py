"""What a matching run returns: new pairs with their reasons, the unmatched, the quality."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from services.matching.domain.model import Role
from services.matching.domain.scoring import Reason


class UnmatchedReason(StrEnum):
    """Reasons beyond the hard rules (RuleCode) for which a person stayed unmatched."""

    CAPACITY_TAKEN = "capacity_taken"  # allowed partners exist; all went to better pairs
    NO_CAPACITY = "no_capacity"  # a junior who takes no senior this round
    NOBODY_TO_PAIR_WITH = "nobody_to_pair_with"  # nobody of the other role in the run


@dataclass(frozen=True, slots=True)
class MatchedPair:
    junior_id: str
    senior_id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class UnmatchedParticipant:
    participant_id: str
    role: Role
    reason: str  # a RuleCode or UnmatchedReason value
    detail: str
    ruled_out: dict[str, int] = field(default_factory=dict)  # possible partners per rule


@dataclass(frozen=True, slots=True)
class CandidateGraphStats:
    pairs: int  # allowed, scored pairs given to the solver
    pairs_checked: int  # pairs whose hard rules were evaluated to build it
    seniors_with_candidates: int
    juniors_with_candidates: int
    people_compared_with_everyone: int


@dataclass(frozen=True, slots=True)
class QualityReport:
    reference_week: date
    juniors: int
    seniors: int
    juniors_matched: int  # with at least one pair, kept or new
    seniors_matched: int
    junior_match_rate: float
    senior_match_rate: float
    new_pairs: int
    kept_pairs: int
    total_score: float  # of the new pairs
    mean_score: float
    lowest_score: float
    upper_bound: float  # no assignment on the candidate graph can score more
    gap_to_upper_bound: float  # (upper_bound - total_score) / upper_bound
    top_k: int
    top_k_share: float  # newly paired seniors whose junior is among their top_k candidates
    blocking_pairs: int
    pairs_without_session_slot: int  # left out: no weekly session slot beside the junior's others
    unmatched_by_reason: dict[str, int]
    candidate_graph: CandidateGraphStats
    timings_seconds: dict[str, float]


@dataclass(frozen=True, slots=True)
class MatchingResult:
    pairs: tuple[MatchedPair, ...]  # new pairs only, ordered by senior_id
    unmatched: tuple[UnmatchedParticipant, ...]  # ordered by participant_id
    report: QualityReport
