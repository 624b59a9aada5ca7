"""Two-way complementarity score: what each side can teach the other, plus practical fit.

Every term is rounded to hundredths of a point on its own, and the score is the sum of the
rounded terms. That makes the score an exact integer number of centipoints (what the solver
optimises) and makes the reasons shown to people add up to exactly the score shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from services.matching.domain.availability import (
    timezone_distance_minutes,
    utc_offset_minutes,
    weekly_overlap_minutes,
)
from services.matching.domain.model import LearningGoal, Participant, Policy, SkillLevel

CENTIPOINTS = 100
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str
    points: float


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    score: float
    reasons: tuple[Reason, ...]


@lru_cache(maxsize=65_536)
def skill_key(name: str) -> str:
    return " ".join(name.casefold().split())


@lru_cache(maxsize=65_536)
def offered_levels(skills_offered: tuple[SkillLevel, ...]) -> dict[str, int]:
    """Best level per skill; a skill listed twice counts once."""
    levels: dict[str, int] = {}
    for offered in skills_offered:
        key = skill_key(offered.skill)
        levels[key] = max(levels.get(key, 0), offered.level)
    return levels


@lru_cache(maxsize=65_536)
def goal_priorities(learning_goals: tuple[LearningGoal, ...]) -> dict[str, tuple[str, int]]:
    """Highest priority per goal, with the goal's name as the person wrote it first."""
    goals: dict[str, tuple[str, int]] = {}
    for goal in learning_goals:
        key = skill_key(goal.skill)
        name, priority = goals.get(key, (goal.skill, 0))
        goals[key] = (name, max(priority, goal.priority))
    return goals


class PointTables:
    """Centipoints per term, shared by the vectorised scorer and the explained score."""

    def __init__(self, policy: Policy) -> None:
        weights = policy.weights
        product = np.outer(np.arange(6), np.arange(6)).astype(np.float64)
        # Indexed [goal priority, teacher level]; row and column 0 mean "no such skill".
        self.junior_teaches: IntArray = self._centi(weights.junior_teaches * product)
        self.senior_teaches: IntArray = self._centi(weights.senior_teaches * product)
        # Plain lists for explaining one pair: indexing numpy arrays one cell at a time is slow.
        self.junior_teaches_rows: list[list[int]] = self.junior_teaches.tolist()
        self.senior_teaches_rows: list[list[int]] = self.senior_teaches.tolist()
        self._per_hour = weights.availability_per_hour
        self._cap = policy.availability_cap_minutes
        self._closeness = weights.timezone_closeness
        self._sweet_low, self._sweet_high = policy.seniority_sweet_spot
        self.sweet_spot = int(self._centi(np.array(weights.seniority_sweet_spot)))
        self.cross_department = int(self._centi(np.array(weights.cross_department)))
        self.same_location = int(self._centi(np.array(weights.same_location)))
        self.match_bonus = int(self._centi(np.array(weights.match_bonus)))

    @staticmethod
    def _centi(points: npt.NDArray[np.floating]) -> IntArray:
        centipoints: IntArray = np.rint(points * CENTIPOINTS).astype(np.int64)
        return centipoints

    # Each term has a vector form for candidate pairs and a scalar form for explaining one
    # pair; both do the same float64 operations in the same order, so they agree exactly.
    def availability(self, overlap_minutes: IntArray) -> IntArray:
        capped = np.minimum(overlap_minutes, self._cap).astype(np.float64)
        return self._centi(self._per_hour * capped / 60.0)

    def availability_one(self, overlap_minutes: int) -> int:
        return round(self._per_hour * float(min(overlap_minutes, self._cap)) / 60.0 * CENTIPOINTS)

    def timezone(self, distance_minutes: IntArray) -> IntArray:
        return self._centi(self._closeness * (720.0 - distance_minutes) / 720.0)

    def timezone_one(self, distance_minutes: int) -> int:
        return round(self._closeness * (720.0 - distance_minutes) / 720.0 * CENTIPOINTS)

    def seniority(self, gap: IntArray) -> IntArray:
        inside = (gap >= self._sweet_low) & (gap <= self._sweet_high)
        return np.where(inside, self.sweet_spot, 0).astype(np.int64)

    def seniority_one(self, gap: int) -> int:
        return self.sweet_spot if self._sweet_low <= gap <= self._sweet_high else 0


def _points(centi: int) -> float:
    return centi / CENTIPOINTS


def _hours(minutes: int) -> str:
    return f"{minutes // 60}h {minutes % 60:02d}m"


def complementarity_score(
    junior: Participant,
    senior: Participant,
    policy: Policy,
    reference_week: date,
    *,
    tables: PointTables | None = None,
    overlap_minutes: int | None = None,
) -> ScoreBreakdown:
    """The pair's score with one human-readable reason per term that earned points.

    `overlap_minutes` may be passed when the caller already measured it for this week."""
    tables = tables or PointTables(policy)
    reasons: list[tuple[int, str, str]] = []
    for learner, teacher, table, code, learner_role, teacher_role in (
        (senior, junior, tables.junior_teaches_rows, "junior_teaches", "senior", "junior"),
        (junior, senior, tables.senior_teaches_rows, "senior_teaches", "junior", "senior"),
    ):
        levels = offered_levels(teacher.skills_offered)
        for key, (name, priority) in sorted(goal_priorities(learner.learning_goals).items()):
            level = levels.get(key, 0)
            if level:
                text = (
                    f"{teacher_role} teaches '{name}' ({learner_role} priority {priority}, "
                    f"{teacher_role} level {level})"
                )
                reasons.append((table[priority][level], code, text))
    overlap = overlap_minutes
    if overlap is None:
        overlap = weekly_overlap_minutes(
            junior.availability,
            junior.timezone,
            senior.availability,
            senior.timezone,
            reference_week,
        )
    reasons.append(
        (
            tables.availability_one(overlap),
            "availability",
            f"{_hours(overlap)} of common weekly availability "
            f"(counted up to {_hours(policy.availability_cap_minutes)})",
        )
    )
    if junior.department != senior.department:
        reasons.append(
            (
                tables.cross_department,
                "cross_department",
                f"different departments ({senior.department} / {junior.department})",
            )
        )
    gap = senior.seniority_level - junior.seniority_level
    low, high = policy.seniority_sweet_spot
    reasons.append(
        (
            tables.seniority_one(gap),
            "seniority_sweet_spot",
            f"seniority gap {gap} is in the {low}-{high} sweet spot",
        )
    )
    distance = timezone_distance_minutes(
        utc_offset_minutes(junior.timezone, reference_week),
        utc_offset_minutes(senior.timezone, reference_week),
    )
    reasons.append(
        (
            tables.timezone_one(distance),
            "timezone_closeness",
            f"time zones {_hours(distance)} apart",
        )
    )
    if junior.location == senior.location:
        reasons.append(
            (tables.same_location, "same_location", f"same location ({junior.location})")
        )
    reasons.append((tables.match_bonus, "match_bonus", "every pair that meets all rules"))
    kept = tuple([_reason(code, text, centi) for centi, code, text in reasons if centi > 0])
    total = sum([centi for centi, _, _ in reasons])
    return ScoreBreakdown(score=_points(total), reasons=kept)


@lru_cache(maxsize=65_536)
def _reason(code: str, text: str, centi: int) -> Reason:
    # Shared: a large run repeats the same few thousand reasons for tens of thousands of pairs.
    return Reason(code=code, text=f"{text}: +{_points(centi):.2f}", points=_points(centi))
