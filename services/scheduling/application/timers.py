"""Durable timers: armed from series state, claimed atomically, fired once.

Due times are program time (the injected clock, which a demo may move months ahead); leases
are real time, because they guard against an instance dying mid-fire, which happens in real
time whatever the program clock says.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.application.ports import SeriesStore, Telemetry, TimerStore
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import Cause, SessionEvents
from services.scheduling.domain.model import SeriesStatus, Session, SessionStatus
from services.scheduling.domain.timers import (
    TimerKind,
    TimerOutcome,
    TimerSpec,
    minutes_left,
    reminder_outcome,
    still_applies,
)
from shared.clock import Clock
from shared.messaging.batches import in_key_order
from shared.messaging.publisher import EventPublisher

log = logging.getLogger("twoway.scheduling.timers")


@dataclass(frozen=True, slots=True)
class TimerLoopSettings:
    owner: str
    lease_seconds: float = 30.0
    batch: int = 100
    concurrency: int = 8
    """Timers fired side by side (each session's one after another): after a clock jump or
    downtime hundreds fall due at once, and one at a time a reminder waited minutes."""


class TimerService:
    def __init__(
        self,
        *,
        store: TimerStore,
        series: SeriesStore,
        writer: SeriesWriter,
        publisher: EventPublisher,
        events: SessionEvents,
        telemetry: Telemetry,
        clock: Clock,
        lease_clock: Clock,
        policy: SchedulingPolicy,
        loop: TimerLoopSettings,
    ) -> None:
        self._store = store
        self._series = series
        self._writer = writer
        self._publisher = publisher
        self._events = events
        self._telemetry = telemetry
        self._clock = clock
        self._lease_clock = lease_clock
        self._policy = policy
        self._loop = loop
        # Several instances fire timers of the same series at once (after downtime, all
        # sessions' checks come due together), so these writes meet more contention than a
        # single command does.
        self._contended_attempts = policy.max_attempts * 4

    async def sync_pending(self) -> int:
        """Re-arm timers of series changed by a process that stopped before arming them."""
        pending = await self._series.needing_timer_sync(self._loop.batch)
        for series in pending:
            await self._writer.arm_timers(series)
        return len(pending)

    # -- firing ---------------------------------------------------------------------------
    async def fire_due(self) -> int:
        """One pass: claim and fire what is due; returns how many timers this instance fired.

        Reminders go first (late, they lose their point; a missed-session check or an alert
        can wait a moment), programs take turns, and several timers are fired at once, each
        session's in turn. Instances racing for a timer cost a failed claim, nothing more."""
        now = self._clock.now()
        candidates = await self._store.due(now, self._lease_clock.now(), self._loop.batch)
        # The store picks fairly (reminders first, programs in turns); keep that order.
        candidates.sort(key=lambda timer_id: 0 if _is_reminder(timer_id) else 1)
        fired = 0

        async def one(timer_id: str) -> None:
            nonlocal fired
            fired += await self._fire_one(timer_id)

        await in_key_order(candidates, one, key=_session_of, concurrency=self._loop.concurrency)
        return fired

    async def _fire_one(self, timer_id: str) -> int:
        now = self._clock.now()
        lease_now = self._lease_clock.now()
        spec = await self._store.claim(
            timer_id,
            now=now,
            lease_now=lease_now,
            owner=self._loop.owner,
            lease_until=lease_now + timedelta(seconds=self._loop.lease_seconds),
        )
        if spec is None:
            return 0
        try:
            outcome = await self._fire(spec)
        except Exception:
            # Left in "firing": once the lease runs out, any instance takes it again.
            log.warning(
                "timer failed; it will be retried",
                exc_info=True,
                extra={"timer_kind": spec.kind.value},
            )
            return 0
        await self._store.finish(
            timer_id, owner=self._loop.owner, outcome=outcome, now=self._clock.now()
        )
        lag = (now - spec.due_at).total_seconds()
        self._telemetry.timer_fired(spec.kind.value, outcome.value, max(0.0, lag))
        return 1

    async def _fire(self, spec: TimerSpec) -> TimerOutcome:
        if spec.kind is TimerKind.REMINDER:
            return await self._remind(spec)
        if spec.kind is TimerKind.MISSED:
            return await self._record_missed(spec)
        return await self._alert_waiting(spec)

    def _cause(self, spec: TimerSpec) -> Cause:
        # The due time is part of the name: a timer re-armed for a moved session is new work.
        return Cause(command_id=f"timer:{spec.timer_id}@{spec.due_at.isoformat()}")

    async def _remind(self, spec: TimerSpec) -> TimerOutcome:
        series = await self._series.get(spec.pair_id)
        session = series.session(spec.session_id or "") if series is not None else None
        now = self._clock.now()
        outcome = reminder_outcome(spec, session, now)
        if outcome is TimerOutcome.SENT and series is not None and session is not None:
            event = self._events.reminder(
                self._cause(spec), series, session, minutes_before=minutes_left(spec, now), now=now
            )
            await self._publisher.publish(event)
            self._telemetry.emitted([event])
        return outcome

    async def _record_missed(self, spec: TimerSpec) -> TimerOutcome:
        for attempt in range(self._contended_attempts):
            await _back_off(attempt)
            series = await self._series.get(spec.pair_id)
            session = series.session(spec.session_id or "") if series is not None else None
            if session is not None and _recorded_missed(spec, session):
                return TimerOutcome.SENT  # an earlier attempt saved it; the outbox publishes it
            if series is None or session is None or not still_applies(spec, session):
                return TimerOutcome.STALE
            now = self._clock.now()
            missed = session.missed(now)
            series.replace_session(missed)
            event = self._events.missed(self._cause(spec), series, missed, now=now)
            if await self._writer.commit(series, [event]):
                return TimerOutcome.SENT
        raise RuntimeError("series kept changing while recording a missed session")

    async def _alert_waiting(self, spec: TimerSpec) -> TimerOutcome:
        for attempt in range(self._contended_attempts):
            await _back_off(attempt)
            series = await self._series.get(spec.pair_id)
            if series is None or series.status is not SeriesStatus.WAITING:
                return TimerOutcome.STALE
            if series.unschedulable_reason == "unknown_participant":
                return TimerOutcome.SENT  # an earlier attempt saved the alert
            now = self._clock.now()
            series.unschedulable_reason = "unknown_participant"
            event = self._events.unschedulable(
                self._cause(spec), series, reason="unknown_participant", now=now
            )
            if await self._writer.commit(series, [event]):
                return TimerOutcome.SENT
        raise RuntimeError("series kept changing while alerting about a waiting pair")


def _is_reminder(timer_id: str) -> bool:
    return ":reminder:" in timer_id


def _session_of(timer_id: str) -> str:
    """Timer ids start with their session's id (a waiting alert's with its pair's)."""
    return timer_id.split(":", 1)[0]


def _recorded_missed(spec: TimerSpec, session: Session) -> bool:
    return session.status is SessionStatus.MISSED and session.start == spec.session_start


async def _back_off(attempt: int) -> None:
    if attempt:
        await asyncio.sleep(random.uniform(0, 0.02 * attempt))
