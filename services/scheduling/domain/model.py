"""What scheduling knows about people, programs, sessions and series."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A window that repeats every week, in the owner's local wall-clock time."""

    weekday: int  # 0 = Monday, as date.weekday()
    start_minute: int
    end_minute: int  # up to 1440 (24:00)

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0..6")
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError("window must satisfy 0 <= start < end <= 1440")


@dataclass(frozen=True, slots=True)
class Person:
    """The part of a participant that scheduling needs: where they are and when they are free."""

    participant_id: str
    timezone: str
    windows: tuple[WeeklyWindow, ...]


@dataclass(frozen=True, slots=True)
class ProgramCalendar:
    """A program's scheduling rules, in the program's own time zone."""

    program_id: str
    name: str
    region: str
    timezone: str
    start_date: date
    end_date: date  # the last day on which a session may take place
    cadence_days: int = 14
    session_minutes: int = 60
    blackout_dates: frozenset[date] = frozenset()
    reminder_offsets_minutes: tuple[int, ...] = (1440, 60)
    missed_after_hours: int = 12
    version: int = 1


@dataclass(frozen=True, slots=True)
class RecurrencePattern:
    """A series' rule: every `cadence_days` days at the wall-clock time of `first_start` in
    `zone`, `count` times (skipped occurrences included)."""

    zone: str
    first_start: datetime
    cadence_days: int
    count: int
    session_minutes: int


@dataclass(frozen=True, slots=True)
class MatchNote:
    """One reason the pair was matched, kept only to introduce the two people."""

    code: str
    text: str
    points: float


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    MISSED = "missed"


class SeriesStatus(StrEnum):
    WAITING = "waiting"  # the pair is known but a person or the program is not (yet)
    PLANNED = "planned"
    UNSCHEDULABLE = "unschedulable"
    ENDED = "ended"  # the pair ended: nothing is planned any more
    CANCELLED = "cancelled"  # the rest of the series was cancelled on request


ACTIVE_SERIES = (SeriesStatus.WAITING, SeriesStatus.PLANNED, SeriesStatus.UNSCHEDULABLE)


@dataclass(frozen=True, slots=True)
class Attendance:
    attended_junior: bool
    attended_senior: bool
    minutes: int
    notes_taken: bool


@dataclass(frozen=True, slots=True)
class Session:
    session_id: str
    index: int
    start: datetime
    end: datetime
    status: SessionStatus = SessionStatus.SCHEDULED
    sequence: int = 0  # the invitation's SEQUENCE: raised on every change a calendar must see
    updated_at: datetime | None = None
    cancel_reason: str | None = None
    attendance: Attendance | None = None
    occurrence: datetime | None = None
    """The pattern occurrence the session stands for; None once it cannot follow the rule."""

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def is_upcoming(self, now: datetime) -> bool:
        return self.status is SessionStatus.SCHEDULED and self.start > now

    def moved(
        self, start: datetime, now: datetime, *, occurrence: datetime | None = None
    ) -> Session:
        return replace(
            self,
            start=start,
            end=start + self.duration,
            sequence=self.sequence + 1,
            updated_at=now,
            occurrence=occurrence,
        )

    def cancelled(self, reason: str, now: datetime) -> Session:
        return replace(
            self,
            status=SessionStatus.CANCELLED,
            cancel_reason=reason,
            sequence=self.sequence + 1,
            updated_at=now,
        )

    def completed(self, attendance: Attendance, now: datetime) -> Session:
        return replace(self, status=SessionStatus.COMPLETED, attendance=attendance, updated_at=now)

    def missed(self, now: datetime) -> Session:
        return replace(self, status=SessionStatus.MISSED, updated_at=now)


@dataclass(slots=True)
class Series:
    """All sessions of one pair, stored and changed as one unit."""

    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    correlation_id: UUID
    pair_created_at: datetime
    status: SeriesStatus = SeriesStatus.WAITING
    sessions: list[Session] = field(default_factory=list)
    version: int = 0
    waiting_since: datetime | None = None
    waiting_for: tuple[str, ...] = ()
    unschedulable_reason: str | None = None
    reminder_offsets_minutes: tuple[int, ...] = (1440, 60)
    missed_after_hours: int = 12
    pattern: RecurrencePattern | None = None
    reasons: tuple[MatchNote, ...] = ()

    @property
    def participants(self) -> tuple[str, str]:
        return (self.junior_id, self.senior_id)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SERIES

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.session_id == session_id), None)

    def replace_session(self, updated: Session) -> None:
        self.sessions = [
            updated if s.session_id == updated.session_id else s for s in self.sessions
        ]

    def upcoming(self, now: datetime) -> list[Session]:
        return [s for s in self.sessions if s.is_upcoming(now)]

    def booked(self) -> list[Session]:
        return [s for s in self.sessions if s.status is SessionStatus.SCHEDULED]

    def next_index(self) -> int:
        return max((s.index for s in self.sessions), default=-1) + 1
