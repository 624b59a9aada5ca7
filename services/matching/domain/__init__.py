"""The matching engine's pure core: no I/O, plain dataclasses in and out."""

from services.matching.domain.assignment import AssignmentFailedError
from services.matching.domain.availability import week_start, weekly_overlap_minutes
from services.matching.domain.engine import ProgressCallback, run_matching
from services.matching.domain.model import (
    LearningGoal,
    Pair,
    Participant,
    Policy,
    Role,
    SkillLevel,
    WeeklyWindow,
    Weights,
)
from services.matching.domain.population import MatchingInputError
from services.matching.domain.result import (
    CandidateGraphStats,
    MatchedPair,
    MatchingResult,
    QualityReport,
    UnmatchedParticipant,
    UnmatchedReason,
)
from services.matching.domain.rules import RuleCode, broken_rules
from services.matching.domain.scoring import Reason, ScoreBreakdown, complementarity_score

__all__ = [
    "AssignmentFailedError",
    "CandidateGraphStats",
    "LearningGoal",
    "MatchedPair",
    "MatchingInputError",
    "MatchingResult",
    "Pair",
    "Participant",
    "Policy",
    "ProgressCallback",
    "QualityReport",
    "Reason",
    "Role",
    "RuleCode",
    "ScoreBreakdown",
    "SkillLevel",
    "UnmatchedParticipant",
    "UnmatchedReason",
    "WeeklyWindow",
    "Weights",
    "broken_rules",
    "complementarity_score",
    "run_matching",
    "week_start",
    "weekly_overlap_minutes",
]
