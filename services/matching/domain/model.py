"""What the matching engine is given: participants, the program's policy and pair identities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


class Role(StrEnum):
    JUNIOR = "junior"  # the reverse mentor
    SENIOR = "senior"  # the reverse mentee


@lru_cache(maxsize=4096)
def minute_of_day(hhmm: str) -> int:
    """'HH:MM' -> minutes since midnight; '24:00' is allowed as the end of a day."""
    found = _HHMM.match(hhmm)
    if found is None:
        raise ValueError(f"time {hhmm!r} is not HH:MM")
    minutes = int(found.group(1)) * 60 + int(found.group(2))
    if minutes > MINUTES_PER_DAY:
        raise ValueError(f"time {hhmm!r} is after 24:00")
    return minutes


@dataclass(frozen=True, slots=True)
class SkillLevel:
    skill: str
    level: int  # 1-5

    def __post_init__(self) -> None:
        if not self.skill.strip():
            raise ValueError("skill name is empty")
        if not 1 <= self.level <= 5:
            raise ValueError(f"skill level {self.level} for {self.skill!r} is not in 1-5")


@dataclass(frozen=True, slots=True)
class LearningGoal:
    skill: str
    priority: int  # 1-5, 5 = most wanted

    def __post_init__(self) -> None:
        if not self.skill.strip():
            raise ValueError("learning goal skill name is empty")
        if not 1 <= self.priority <= 5:
            raise ValueError(f"goal priority {self.priority} for {self.skill!r} is not in 1-5")


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A recurring window in the participant's own local time; end '24:00' means midnight."""

    day: str
    start: str
    end: str
    # Parsed once: availability is read for every pair that is scored.
    day_index: int = field(init=False, repr=False, compare=False)
    start_minute: int = field(init=False, repr=False, compare=False)
    end_minute: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.day not in WEEKDAYS:
            raise ValueError(f"day {self.day!r} is not one of {', '.join(WEEKDAYS)}")
        object.__setattr__(self, "day_index", WEEKDAYS.index(self.day))
        object.__setattr__(self, "start_minute", minute_of_day(self.start))
        object.__setattr__(self, "end_minute", minute_of_day(self.end))
        if self.start_minute >= self.end_minute:
            raise ValueError(f"window {self.day} {self.start}-{self.end} ends before it starts")


@dataclass(frozen=True, slots=True)
class Participant:
    participant_id: str
    role: Role
    display_name: str
    email: str
    department: str
    location: str
    timezone: str  # IANA name, e.g. "Europe/Berlin"
    languages: tuple[str, ...]
    seniority_level: int  # 1-10
    reporting_chain: tuple[str, ...] = ()  # managers' ids, nearest first
    skills_offered: tuple[SkillLevel, ...] = ()
    learning_goals: tuple[LearningGoal, ...] = ()
    availability: tuple[WeeklyWindow, ...] = ()
    capacity: int | None = None  # juniors only; None = policy.default_capacity
    exclude: tuple[str, ...] = ()
    # Cohorts that share one policy can be solved in one run; pairs never cross programs.
    program_id: str = ""

    def __post_init__(self) -> None:
        if not self.participant_id:
            raise ValueError("participant_id is empty")
        if not 1 <= self.seniority_level <= 10:
            raise ValueError(f"seniority_level {self.seniority_level} is not in 1-10")
        if self.capacity is not None:
            if self.role is Role.SENIOR and self.capacity != 1:
                raise ValueError("a senior is paired with exactly one junior; capacity must be 1")
            if self.capacity < 0:
                raise ValueError(f"capacity {self.capacity} is negative")

    def capacity_under(self, policy: Policy) -> int:
        if self.role is Role.SENIOR:
            return 1
        return policy.default_capacity if self.capacity is None else self.capacity


@dataclass(frozen=True, slots=True)
class Weights:
    """Points per score term; every term is explained in the pair's reasons."""

    junior_teaches: float = 0.6  # x senior goal priority x junior skill level
    senior_teaches: float = 0.4  # x junior goal priority x senior skill level
    availability_per_hour: float = 2.0  # per hour of weekly overlap, up to the policy cap
    cross_department: float = 4.0
    seniority_sweet_spot: float = 3.0
    timezone_closeness: float = 3.0  # full points at the same UTC offset, none at 12 h apart
    same_location: float = 2.0
    match_bonus: float = 10.0  # every feasible pair; raise it to favour coverage over fit

    def __post_init__(self) -> None:
        negative = [
            f"weight {name} must be >= 0, got {getattr(self, name)}"
            for name in self.__dataclass_fields__
            if not getattr(self, name) >= 0
        ]
        if negative:
            raise ValueError("; ".join(negative))


@dataclass(frozen=True, slots=True)
class Policy:
    min_seniority_gap: int = 2
    min_weekly_overlap_minutes: int = 60
    default_capacity: int = 1
    weights: Weights = field(default_factory=Weights)
    top_k: int = 3
    max_candidates_per_senior: int = 50
    max_candidates_per_junior: int = 30  # keeps every junior reachable after pruning
    explore_candidates: int = 8  # per language bucket, whatever the skills
    availability_cap_minutes: int = 240  # more overlap than this earns no more points
    seniority_sweet_spot: tuple[int, int] = (3, 6)
    # The program's session length: every pair needs one whole session of common time a
    # week, clear of the junior's other pairs (see session_time).
    session_minutes: int = 60

    def __post_init__(self) -> None:
        problems = []
        if not 1 <= self.session_minutes <= MINUTES_PER_DAY:
            problems.append("session_minutes must be 1..1440")
        if self.min_seniority_gap < 0:
            problems.append("min_seniority_gap must be >= 0")
        if self.min_weekly_overlap_minutes < 0:
            problems.append("min_weekly_overlap_minutes must be >= 0")
        if self.default_capacity < 0:
            problems.append("default_capacity must be >= 0")
        for name in ("top_k", "max_candidates_per_senior", "max_candidates_per_junior"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be >= 1")
        if self.explore_candidates < 0:
            problems.append("explore_candidates must be >= 0")
        if self.availability_cap_minutes < 1:
            problems.append("availability_cap_minutes must be >= 1")
        low, high = self.seniority_sweet_spot
        if not 0 <= low <= high:
            problems.append("seniority_sweet_spot must be [low, high] with 0 <= low <= high")
        if problems:
            raise ValueError("; ".join(problems))


@dataclass(frozen=True, slots=True)
class Pair:
    """Identity of a pair, used for pairs kept from earlier rounds and pairs that ended."""

    junior_id: str
    senior_id: str
