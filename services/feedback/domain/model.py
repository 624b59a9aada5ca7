"""What the feedback service knows: program policy, feedback requests and their answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Role = Literal["junior", "senior"]
"""`junior` is the reverse mentor, `senior` the reverse mentee."""

RequestStatus = Literal["open", "answered", "withdrawn"]
Phase = Literal["pre", "post"]

MAX_TOPICS = 20
MAX_NOTE_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class ProgramPolicy:
    """The parts of a program's settings this service acts on (defaults = the contract's)."""

    program_id: str
    region: str | None = None
    cohort: str = "default"
    feedback_deadline_days: int = 7
    health_threshold: float = 0.5
    min_group_size: int = 5
    cadence_days: int = 14
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Ratings:
    value: int
    preparation: int
    psychological_safety: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The shareable part of a feedback answer; the private note is kept apart from it."""

    ratings: Ratings
    topics_learned: tuple[str, ...] = ()
    topics_taught: tuple[str, ...] = ()
    would_continue: bool = True


@dataclass(frozen=True, slots=True)
class FeedbackRequest:
    """One person's request to give feedback on one held session."""

    request_id: str
    program_id: str
    pair_id: str
    session_id: str
    participant_id: str
    role: Role
    session_start: datetime
    requested_at: datetime
    due_at: datetime
    closes_at: datetime
    status: RequestStatus = "open"
    answer: Answer | None = None
    revision: int = 0
    first_submitted_at: datetime | None = None
    nudged: bool = False

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True, slots=True)
class SkillLevel:
    skill: str
    level: int


@dataclass(frozen=True, slots=True)
class SelfAssessment:
    program_id: str
    participant_id: str
    role: Role
    phase: Phase
    levels: tuple[SkillLevel, ...] = field(default_factory=tuple)
    submitted_at: datetime | None = None


def normalise_skill(name: str) -> str:
    """Skill names compare case- and space-insensitively, as on the wire."""
    return " ".join(name.split()).lower()


def normalise_topics(topics: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Lower-cased, trimmed and de-duplicated, first mention first."""
    seen: dict[str, None] = {}
    for topic in topics:
        name = normalise_skill(topic)
        if name:
            seen.setdefault(name, None)
    return tuple(seen)
