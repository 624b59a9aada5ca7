"""A new pair gets its whole series; a pair whose data is missing waits and is planned later.

Events arrive on different topics without a common order, so a PairCreated may come before
one of its people or before its program. Such a pair is recorded as waiting (never dropped,
never failed) and planned as soon as the missing piece arrives; if it waits too long, a timer
tells the program's admins.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from services.scheduling.application.policy import SchedulingPolicy, whole_seconds
from services.scheduling.application.ports import (
    ParticipantStatus,
    ParticipantStore,
    PersonLocks,
    ProgramStore,
    SeriesStore,
    Telemetry,
)
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import Cause, SessionEvents, series_planned
from services.scheduling.domain.model import (
    MatchNote,
    ProgramCalendar,
    Series,
    SeriesStatus,
    Session,
)
from services.scheduling.domain.planner import SeriesPlan, plan_series
from services.scheduling.domain.recurrence import pattern_of
from services.scheduling.domain.rules import SchedulingRefused
from shared.clock import Clock
from shared.events import Event, PairCreated, derive_key

log = logging.getLogger("twoway.scheduling.planning")

_PLANNABLE = (SeriesStatus.WAITING, SeriesStatus.UNSCHEDULABLE)


def session_id_for(pair_id: str, index: int) -> str:
    return derive_key(pair_id, f"session:{index}")


def series_for(event: PairCreated) -> Series:
    """The series a new pair starts with, before anything is planned."""
    return Series(
        pair_id=event.pair_id,
        program_id=event.program_id,
        junior_id=event.junior_id,
        senior_id=event.senior_id,
        correlation_id=event.correlation_id,
        pair_created_at=event.occurred_at,
        reasons=tuple(MatchNote(code=r.code, text=r.text, points=r.points) for r in event.reasons),
    )


def apply_plan(
    series: Series,
    result: SeriesPlan,
    calendar: ProgramCalendar,
    cause: Cause,
    now: datetime,
    events: SessionEvents,
) -> list[Event]:
    """Put a plan's sessions into the series and return the events that announce them."""
    first_index = series.next_index()
    # Sessions of an earlier plan (all past or cancelled) do not belong to the new rule.
    series.sessions = [replace(s, occurrence=None) for s in series.sessions] + [
        Session(
            session_id=session_id_for(series.pair_id, first_index + n),
            index=first_index + n,
            start=slot.start,
            end=slot.end,
            updated_at=now,
            occurrence=slot.occurrence,
        )
        for n, slot in enumerate(result.slots)
    ]
    series.pattern = pattern_of(
        result.pattern, count=result.occurrences, session_minutes=calendar.session_minutes
    )
    series.status = SeriesStatus.PLANNED
    series.waiting_for = ()
    series.unschedulable_reason = None
    series.reminder_offsets_minutes = calendar.reminder_offsets_minutes
    series.missed_after_hours = calendar.missed_after_hours
    new_sessions = series.sessions[-len(result.slots) :]
    announced: list[Event] = [
        events.scheduled(
            cause, series, s, length=len(new_sessions), program_name=calendar.name, now=now
        )
        for s in new_sessions
    ]
    announced.append(series_planned(cause, series, now=now))
    return announced


class SeriesPlanner:
    def __init__(
        self,
        *,
        series: SeriesStore,
        participants: ParticipantStore,
        programs: ProgramStore,
        locks: PersonLocks,
        writer: SeriesWriter,
        events: SessionEvents,
        telemetry: Telemetry,
        clock: Clock,
        policy: SchedulingPolicy,
    ) -> None:
        self._series = series
        self._participants = participants
        self._programs = programs
        self._locks = locks
        self._writer = writer
        self._events = events
        self._telemetry = telemetry
        self._clock = clock
        self._policy = policy

    async def on_pair_created(self, event: PairCreated) -> None:
        series = await self._series.get(event.pair_id)
        if series is None:
            series = series_for(event)
        elif series.status is not SeriesStatus.WAITING:
            return  # planned (or found unplannable, or ended) before: a redelivery
        await self.plan(series, Cause(event=event))

    async def retry_for_participant(self, participant_id: str, cause: Event) -> None:
        for series in await self._series.involving(participant_id, _PLANNABLE, cause.program_id):
            await self.plan(series, Cause(event=cause))

    async def retry_for_program(self, program_id: str, cause: Event) -> None:
        for series in await self._series.in_program(program_id, _PLANNABLE):
            await self.plan(series, Cause(event=cause))

    async def plan(self, series: Series, cause: Cause) -> None:
        """Plan (or record why not) under both people's locks; reload on a concurrent change."""
        current: Series | None = series
        for _attempt in range(self._policy.max_attempts):
            if current is None or current.status not in _PLANNABLE:
                return
            async with self._locks.hold(current.participants):
                if await self._plan_once(current, cause):
                    return
            current = await self._series.get(series.pair_id)
        raise SchedulingRefused(
            "concurrent_change", "the series kept changing while it was planned", conflict=True
        )

    async def _plan_once(self, series: Series, cause: Cause) -> bool:
        now = whole_seconds(self._clock.now())
        calendar = await self._programs.get(series.program_id)
        records = await self._participants.get_many(series.program_id, series.participants)
        gone = [pid for pid, r in records.items() if r.status is not ParticipantStatus.ACTIVE]
        missing = [pid for pid in series.participants if pid not in records]
        if gone:
            return await self._unschedulable(series, "unknown_participant", cause, now)
        if calendar is None or missing:
            waiting_for = [*missing, *(["program"] if calendar is None else [])]
            return await self._wait(series, waiting_for, now)
        junior = records[series.junior_id].person
        senior = records[series.senior_id].person
        assert junior is not None
        assert senior is not None
        busy = await self._series.busy_of(
            series.participants, after=now, excluding_pair=series.pair_id
        )
        result = plan_series(
            junior,
            senior,
            calendar,
            earliest=now + self._policy.plan_notice,
            busy=busy,
            granularity=self._policy.granularity_minutes,
        )
        if not isinstance(result, SeriesPlan):
            return await self._unschedulable(series, result.reason, cause, now)

        events = apply_plan(series, result, calendar, cause, now, self._events)
        if not await self._writer.commit(series, events):
            return False
        self._telemetry.planning_latency(
            series.program_id,
            max(0.0, (self._clock.now() - series.pair_created_at).total_seconds()),
        )
        log.info(
            "series planned",
            extra={"sessions": len(result.slots), "program_id": series.program_id},
        )
        return True

    async def _wait(self, series: Series, waiting_for: Sequence[str], now: datetime) -> bool:
        if series.version and tuple(waiting_for) == series.waiting_for:
            return True  # already recorded as waiting for exactly this
        series.status = SeriesStatus.WAITING
        series.waiting_for = tuple(waiting_for)
        series.waiting_since = series.waiting_since or now
        log.info("pair waits for data", extra={"missing": len(waiting_for)})
        if not await self._writer.commit(series, []):
            return False
        # What we wait for may have arrived since we looked, its consumer looking for waiting
        # pairs before this one was saved: look once more, or the pair would wait for good.
        # (Either that consumer sees the saved pair, or this look sees what it stored.)
        return not await self._arrived(series, waiting_for)

    async def _arrived(self, series: Series, waiting_for: Sequence[str]) -> bool:
        people = [pid for pid in waiting_for if pid != "program"]
        if "program" in waiting_for and await self._programs.get(series.program_id) is None:
            return False
        found = await self._participants.get_many(series.program_id, people) if people else {}
        return all(pid in found for pid in people)

    async def _unschedulable(
        self, series: Series, reason: str, cause: Cause, now: datetime
    ) -> bool:
        if series.status is SeriesStatus.UNSCHEDULABLE and series.unschedulable_reason == reason:
            return True  # the admins were told already
        series.status = SeriesStatus.UNSCHEDULABLE
        series.unschedulable_reason = reason
        series.waiting_for = ()
        event = self._events.unschedulable(cause, series, reason=reason, now=now)
        log.info("series cannot be planned", extra={"reason": reason})
        return await self._writer.commit(series, [event])
