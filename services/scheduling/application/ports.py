"""What the scheduling handlers need from the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from services.scheduling.domain.model import Person, ProgramCalendar, Series, SeriesStatus
from services.scheduling.domain.timers import TimerOutcome, TimerSpec
from shared.events import Event
from shared.storage.audit import AuditEntry


class ParticipantStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    ERASED = "erased"


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    status: ParticipantStatus
    person: Person | None  # None once withdrawn or erased: nothing personal is kept


class SeriesStore(Protocol):
    async def get(self, pair_id: str) -> Series | None: ...

    async def get_by_session(self, session_id: str) -> Series | None: ...

    async def involving(
        self,
        participant_id: str,
        statuses: Sequence[SeriesStatus],
        program_id: str | None = None,
    ) -> list[Series]: ...

    async def in_program(
        self, program_id: str, statuses: Sequence[SeriesStatus]
    ) -> list[Series]: ...

    async def busy_of(
        self, participant_ids: Sequence[str], *, after: datetime, excluding_pair: str
    ) -> list[tuple[datetime, datetime]]:
        """Booked sessions of these people in other series that end after `after`."""
        ...

    async def save(self, series: Series, events: Sequence[Event]) -> bool:
        """Write the series and its events in one update if nobody changed it meanwhile.

        Returns False on a concurrent change (the caller reloads and decides again); on
        success `series.version` is the stored version.
        """
        ...

    async def publish(self, pair_id: str, events: Sequence[Event], *, clear: bool = True) -> None:
        """Publish events saved with the series and clear them from its outbox (or leave the
        clearing to `timers_synced`)."""
        ...

    async def needing_timer_sync(self, limit: int) -> list[Series]: ...

    async def timers_synced(
        self, pair_id: str, version: int, published: Sequence[Event] = ()
    ) -> None:
        """Timers match this version; `published` events leave the outbox in the same update."""
        ...


class ParticipantStore(Protocol):
    async def upsert_profile(self, program_id: str, person: Person, version: int) -> bool: ...

    async def withdraw(self, program_id: str, participant_id: str) -> None: ...

    async def erase(self, program_id: str, participant_id: str) -> None: ...

    async def get_many(
        self, program_id: str, participant_ids: Sequence[str]
    ) -> dict[str, ParticipantRecord]: ...


class ProgramStore(Protocol):
    async def upsert(self, calendar: ProgramCalendar) -> bool: ...

    async def get(self, program_id: str) -> ProgramCalendar | None: ...


class TimerStore(Protocol):
    async def sync(
        self, pair_id: str, specs: Sequence[TimerSpec], now: datetime, *, fresh: bool = False
    ) -> None:
        """Arm new timers, move changed ones, cancel pending ones no longer wanted. `fresh`:
        the series was just created, so there are most likely none to compare with."""
        ...

    async def due(self, now: datetime, lease_now: datetime, limit: int) -> list[str]: ...

    async def claim(
        self,
        timer_id: str,
        *,
        now: datetime,
        lease_now: datetime,
        owner: str,
        lease_until: datetime,
    ) -> TimerSpec | None:
        """Atomically take a due (or abandoned) timer; None if another instance has it."""
        ...

    async def finish(
        self, timer_id: str, *, owner: str, outcome: TimerOutcome, now: datetime
    ) -> None: ...


class PersonLocks(Protocol):
    def hold(self, participant_ids: Sequence[str]) -> AbstractAsyncContextManager[None]:
        """Exclusive use of these people's calendars while a change is decided and saved."""
        ...


class Telemetry(Protocol):
    def emitted(self, events: Sequence[Event]) -> None: ...

    def planning_latency(self, program_id: str, seconds: float) -> None: ...

    def timer_fired(self, kind: str, outcome: str, lag_seconds: float) -> None: ...


class NullTelemetry:
    def emitted(self, events: Sequence[Event]) -> None:
        return None

    def planning_latency(self, program_id: str, seconds: float) -> None:
        return None

    def timer_fired(self, kind: str, outcome: str, lag_seconds: float) -> None:
        return None


class SeriesBatchStore(Protocol):
    """What planning a batch of new pairs needs beyond `SeriesStore`: few round trips."""

    async def existing(self, pair_ids: Sequence[str]) -> set[str]:
        """Which of these pairs have a series already (in any state)."""
        ...

    async def busy_by_person(
        self, participant_ids: Sequence[str], *, after: datetime
    ) -> dict[str, list[tuple[datetime, datetime]]]:
        """Booked sessions ending after `after` of each of these people, in one query."""
        ...

    async def insert_new(self, drafts: Sequence[tuple[Series, Sequence[Event]]]) -> set[str]:
        """Insert series that have no document yet (version 1) with their events in the
        outbox, in one write; the pair ids inserted (one already there is left out)."""
        ...

    async def publish_events(self, events: Sequence[Event]) -> None: ...

    async def published_new(self, pair_ids: Sequence[str]) -> None:
        """The outbox of these series (still at version 1) was published: cleared at once,
        before the timers are armed, so the relay does not publish it again meanwhile."""
        ...

    async def settled_new(self, pair_ids: Sequence[str], *, published: bool) -> None:
        """The timers of these series (still at version 1) are armed; with `published`, their
        outbox is cleared in the same update."""
        ...


class TimerBatchStore(Protocol):
    async def insert_fresh_many(self, specs: Sequence[TimerSpec], now: datetime) -> set[str]:
        """Arm the timers of series planned for the first time in one write; the pair ids
        whose timers existed already (a replay), which need a full sync instead."""
        ...


class PersonBatchLocks(Protocol):
    def hold_free(self, participant_ids: Sequence[str]) -> AbstractAsyncContextManager[set[str]]:
        """Take at once the leases of the people nobody else holds, without waiting; yields
        the people held."""
        ...


@dataclass(frozen=True, slots=True)
class ScheduleFigures:
    series_by_status: dict[str, int]
    sessions_by_status: dict[str, int]


class SeriesListing(Protocol):
    """A program's series by page and its schedule figures, for the admin console."""

    async def page(
        self,
        program_id: str,
        *,
        status: SeriesStatus | None,
        participant: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Series], int]:
        """Up to limit + 1 series after the pair id `after`, by pair id; and the match count."""
        ...

    async def figures(self, program_id: str) -> ScheduleFigures: ...

    def changed(self, program_id: str) -> None:
        """A command changed a series of this program: the next read sees it."""
        ...


class AuditTrailPort(Protocol):
    """The program's audit trail (`shared.storage.audit.AuditTrail` in MongoDB)."""

    async def record(self, entry: AuditEntry) -> None:
        """Add the entry once: the same entry id again changes nothing."""
        ...

    async def forget(self, person_id: str) -> int:
        """Clear what the entries about this person said; how many were cleared."""
        ...
