"""In-memory stand-ins for the scheduling ports; service_harness.py wires the service
around them."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from services.scheduling.application.ports import ParticipantRecord, ParticipantStatus
from services.scheduling.domain.model import Person, ProgramCalendar, Series, SeriesStatus
from services.scheduling.domain.timers import TimerOutcome, TimerSpec, worth_arming
from shared.events import Event
from shared.messaging.publisher import RecordingPublisher


class FakeSeriesStore:
    def __init__(self, publisher: RecordingPublisher) -> None:
        self.docs: dict[str, Series] = {}
        self.outbox: dict[str, list[Event]] = {}
        self.dirty: set[str] = set()
        self.publisher = publisher

    async def get(self, pair_id: str) -> Series | None:
        found = self.docs.get(pair_id)
        return copy.deepcopy(found) if found is not None else None

    async def get_by_session(self, session_id: str) -> Series | None:
        for series in self.docs.values():
            if series.session(session_id) is not None:
                return copy.deepcopy(series)
        return None

    async def involving(
        self, participant_id: str, statuses: Sequence[SeriesStatus], program_id: str | None = None
    ) -> list[Series]:
        return [
            copy.deepcopy(s)
            for s in self.docs.values()
            if participant_id in s.participants
            and s.status in statuses
            and (program_id is None or s.program_id == program_id)
        ]

    async def in_program(self, program_id: str, statuses: Sequence[SeriesStatus]) -> list[Series]:
        return [
            copy.deepcopy(s)
            for s in self.docs.values()
            if s.program_id == program_id and s.status in statuses
        ]

    async def busy_of(
        self, participant_ids: Sequence[str], *, after: datetime, excluding_pair: str
    ) -> list[tuple[datetime, datetime]]:
        return [
            (session.start, session.end)
            for series in self.docs.values()
            if series.pair_id != excluding_pair
            and series.status is SeriesStatus.PLANNED
            and set(participant_ids) & set(series.participants)
            for session in series.booked()
            if session.end > after
        ]

    async def save(self, series: Series, events: Sequence[Event]) -> bool:
        stored = self.docs.get(series.pair_id)
        if (stored.version if stored is not None else 0) != series.version:
            return False
        series.version += 1
        self.docs[series.pair_id] = copy.deepcopy(series)
        self.outbox.setdefault(series.pair_id, []).extend(events)
        self.dirty.add(series.pair_id)
        return True

    async def publish(self, pair_id: str, events: Sequence[Event], *, clear: bool = True) -> None:
        await self.publisher.publish_many(events)
        if clear:
            self._clear(pair_id, events)

    def _clear(self, pair_id: str, events: Sequence[Event]) -> None:
        ids = {e.event_id for e in events}
        self.outbox[pair_id] = [e for e in self.outbox.get(pair_id, []) if e.event_id not in ids]

    async def needing_timer_sync(self, limit: int) -> list[Series]:
        return [copy.deepcopy(self.docs[p]) for p in sorted(self.dirty)][:limit]

    async def timers_synced(
        self, pair_id: str, version: int, published: Sequence[Event] = ()
    ) -> None:
        if self.docs[pair_id].version == version:
            self.dirty.discard(pair_id)
        self._clear(pair_id, published)


class FakeParticipantStore:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], tuple[int, ParticipantRecord]] = {}

    async def upsert_profile(self, program_id: str, person: Person, version: int) -> bool:
        current = self.records.get((program_id, person.participant_id))
        if current is not None and (
            current[0] >= version or current[1].status is ParticipantStatus.ERASED
        ):
            return False
        self.records[(program_id, person.participant_id)] = (
            version,
            ParticipantRecord(ParticipantStatus.ACTIVE, person),
        )
        return True

    async def withdraw(self, program_id: str, participant_id: str) -> None:
        version = self.records.get((program_id, participant_id), (0, None))[0]
        self.records[(program_id, participant_id)] = (
            version,
            ParticipantRecord(ParticipantStatus.WITHDRAWN, None),
        )

    async def erase(self, program_id: str, participant_id: str) -> None:
        self.records[(program_id, participant_id)] = (
            2**31 - 1,
            ParticipantRecord(ParticipantStatus.ERASED, None),
        )

    async def get_many(
        self, program_id: str, participant_ids: Sequence[str]
    ) -> dict[str, ParticipantRecord]:
        return {
            pid: self.records[(program_id, pid)][1]
            for pid in participant_ids
            if (program_id, pid) in self.records
        }


class FakeProgramStore:
    def __init__(self) -> None:
        self.calendars: dict[str, ProgramCalendar] = {}

    async def upsert(self, calendar: ProgramCalendar) -> bool:
        current = self.calendars.get(calendar.program_id)
        if current is not None and current.version >= calendar.version:
            return False
        self.calendars[calendar.program_id] = calendar
        return True

    async def get(self, program_id: str) -> ProgramCalendar | None:
        return self.calendars.get(program_id)


@dataclass
class TimerRow:
    spec: TimerSpec
    status: str = "pending"
    owner: str | None = None
    lease_expires_at: datetime | None = None


class FakeTimerStore:
    def __init__(self) -> None:
        self.rows: dict[str, TimerRow] = {}

    async def sync(
        self, pair_id: str, specs: Sequence[TimerSpec], now: datetime, *, fresh: bool = False
    ) -> None:
        wanted = {s.timer_id: s for s in specs}
        for spec in specs:
            row = self.rows.get(spec.timer_id)
            status = "pending" if worth_arming(spec, now) else "skipped"
            if row is None:
                if status == "pending":
                    self.rows[spec.timer_id] = TimerRow(spec)
            elif row.spec != spec or row.status == "cancelled":
                self.rows[spec.timer_id] = TimerRow(spec, status=status)
        for timer_id, row in self.rows.items():
            if row.spec.pair_id == pair_id and timer_id not in wanted and row.status == "pending":
                row.status = "cancelled"

    async def due(self, now: datetime, lease_now: datetime, limit: int) -> list[str]:
        return [
            timer_id
            for timer_id, row in self.rows.items()
            if (row.status == "pending" and row.spec.due_at <= now)
            or (
                row.status == "firing"
                and row.lease_expires_at
                and row.lease_expires_at <= lease_now
            )
        ][:limit]

    async def claim(
        self,
        timer_id: str,
        *,
        now: datetime,
        lease_now: datetime,
        owner: str,
        lease_until: datetime,
    ) -> TimerSpec | None:
        row = self.rows[timer_id]
        if timer_id not in await self.due(now, lease_now, len(self.rows)):
            return None
        row.status, row.owner, row.lease_expires_at = "firing", owner, lease_until
        return row.spec

    async def finish(
        self, timer_id: str, *, owner: str, outcome: TimerOutcome, now: datetime
    ) -> None:
        row = self.rows[timer_id]
        if row.status == "firing" and row.owner == owner:
            row.status = "fired" if outcome is TimerOutcome.SENT else "stale"

    def with_status(self, status: str) -> list[TimerSpec]:
        return [r.spec for r in self.rows.values() if r.status == status]


class FakeLocks:
    def __init__(self) -> None:
        self.held: list[tuple[str, ...]] = []

    @asynccontextmanager
    async def hold(self, participant_ids: Sequence[str]) -> AsyncIterator[None]:
        self.held.append(tuple(sorted(participant_ids)))
        yield


@dataclass
class RecordingTelemetry:
    emitted_types: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    fired: list[tuple[str, str, float]] = field(default_factory=list)

    def emitted(self, events: Sequence[Event]) -> None:
        self.emitted_types.extend(e.event_type for e in events)

    def planning_latency(self, program_id: str, seconds: float) -> None:
        self.latencies.append(seconds)

    def timer_fired(self, kind: str, outcome: str, lag_seconds: float) -> None:
        self.fired.append((kind, outcome, lag_seconds))
