"""A batch of pair events at once: new pairs are planned together, in a handful of writes.

A round publishes hundreds of PairCreated in a burst. Planning them one by one costs about ten
database round trips each (series, leases, program, people, bookings, insert, timers, marks);
here a batch of them costs about ten in all: one look for existing series, the program and the
people once per program, the people's leases and bookings at once, one insert of every series,
one update that clears their published outbox, one insert of every timer, one update that marks
them all armed. Bookings made earlier in the same
batch count as busy for the next pair, exactly as if they had been saved one by one.

What the batch path does not cover goes through `SeriesPlanner` as before, one pair at a time:
a pair seen before (a redelivery, or one waiting for data), one whose program or people are
missing or gone, one whose person another instance is planning right now, one for which no
plan fits (it is recorded as unschedulable there). Events keep their order: a PairEnded splits
the batch, so what came before it is done before it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from services.scheduling.application.planning import SeriesPlanner, apply_plan, series_for
from services.scheduling.application.policy import SchedulingPolicy, whole_seconds
from services.scheduling.application.ports import (
    ParticipantRecord,
    ParticipantStatus,
    ParticipantStore,
    PersonBatchLocks,
    ProgramStore,
    SeriesBatchStore,
    Telemetry,
    TimerBatchStore,
)
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import Cause, SessionEvents
from services.scheduling.application.upkeep import SeriesUpkeep
from services.scheduling.domain.model import ProgramCalendar, Series
from services.scheduling.domain.planner import SeriesPlan, plan_series
from services.scheduling.domain.timers import timers_for
from shared.clock import Clock
from shared.events import Event, PairCreated, PairEnded

log = logging.getLogger("twoway.scheduling.batch_planning")

Busy = dict[str, list[tuple[datetime, datetime]]]


class PairBatches:
    def __init__(
        self,
        *,
        planner: SeriesPlanner,
        upkeep: SeriesUpkeep,
        series: SeriesBatchStore,
        participants: ParticipantStore,
        programs: ProgramStore,
        locks: PersonBatchLocks,
        timers: TimerBatchStore,
        writer: SeriesWriter,
        events: SessionEvents,
        telemetry: Telemetry,
        clock: Clock,
        policy: SchedulingPolicy,
    ) -> None:
        self._planner = planner
        self._upkeep = upkeep
        self._series = series
        self._participants = participants
        self._programs = programs
        self._locks = locks
        self._timers = timers
        self._writer = writer
        self._events = events
        self._telemetry = telemetry
        self._clock = clock
        self._policy = policy

    async def on_pair_events(self, events: Sequence[Event]) -> None:
        created: list[PairCreated] = []
        for event in events:
            if isinstance(event, PairCreated):
                created.append(event)
                continue
            await self.plan_new_pairs(created)
            created = []
            if isinstance(event, PairEnded):
                await self._upkeep.on_pair_ended(event)
        await self.plan_new_pairs(created)

    async def plan_new_pairs(self, created: Sequence[PairCreated]) -> None:
        first: dict[str, PairCreated] = {}
        for event in created:
            first.setdefault(event.pair_id, event)  # a duplicate in the batch: its first copy
        if not first:
            return
        known = await self._series.existing(list(first))
        one_by_one = [e for pair_id, e in first.items() if pair_id in known]
        fresh = [e for pair_id, e in first.items() if pair_id not in known]
        if fresh:
            one_by_one += await self._plan_fresh(fresh)
        for event in one_by_one:
            await self._planner.on_pair_created(event)

    async def _plan_fresh(self, fresh: Sequence[PairCreated]) -> list[PairCreated]:
        """Plan and save what the batch path can; returns the pairs left to the planner."""
        left: list[PairCreated] = []
        ready: list[tuple[PairCreated, ProgramCalendar, dict[str, ParticipantRecord]]] = []
        for program_id in dict.fromkeys(e.program_id for e in fresh):
            group = [e for e in fresh if e.program_id == program_id]
            calendar = await self._programs.get(program_id)
            people = sorted({p for e in group for p in (e.junior_id, e.senior_id)})
            records = await self._participants.get_many(program_id, people)
            for event in group:
                if calendar is not None and _both_active(event, records):
                    ready.append((event, calendar, records))
                else:
                    left.append(event)  # waits for data, or is unschedulable: the planner says
        if not ready:
            return left
        now = whole_seconds(self._clock.now())
        people = sorted({p for e, _, _ in ready for p in (e.junior_id, e.senior_id)})
        async with self._locks.hold_free(people) as held:
            busy = await self._series.busy_by_person(sorted(held), after=now)
            drafts: list[tuple[Series, Sequence[Event]]] = []
            for event, calendar, records in ready:
                if event.junior_id not in held or event.senior_id not in held:
                    left.append(event)  # being planned elsewhere: the planner waits for it
                    continue
                draft = self._draft(event, calendar, records, busy, now)
                if draft is None:
                    left.append(event)
                    continue
                drafts.append(draft)
            inserted = await self._series.insert_new(drafts) if drafts else set()
        saved = [(s, e) for s, e in drafts if s.pair_id in inserted]
        drafted = {series.pair_id for series, _ in drafts}
        # Drafted but not inserted: another consumer created the series meanwhile.
        left += [e for e, _, _ in ready if e.pair_id in drafted and e.pair_id not in inserted]
        if saved:
            await self._finish(saved)
        return left

    def _draft(
        self,
        event: PairCreated,
        calendar: ProgramCalendar,
        records: dict[str, ParticipantRecord],
        busy: Busy,
        now: datetime,
    ) -> tuple[Series, Sequence[Event]] | None:
        junior, senior = records[event.junior_id].person, records[event.senior_id].person
        assert junior is not None
        assert senior is not None
        result = plan_series(
            junior,
            senior,
            calendar,
            earliest=now + self._policy.plan_notice,
            busy=[*busy.get(event.junior_id, ()), *busy.get(event.senior_id, ())],
            granularity=self._policy.granularity_minutes,
        )
        if not isinstance(result, SeriesPlan):
            return None
        series = series_for(event)
        announced = apply_plan(series, result, calendar, Cause(event=event), now, self._events)
        booked = [(s.start, s.end) for s in series.sessions]
        for person in (event.junior_id, event.senior_id):
            busy.setdefault(person, []).extend(booked)
        series.version = 1  # as `insert_new` stores it
        return series, announced

    async def _finish(self, saved: Sequence[tuple[Series, Sequence[Event]]]) -> None:
        """Publish, arm the timers, mark them armed: the same steps as `SeriesWriter.commit`,
        each once for the whole batch."""
        events = [event for _, announced in saved for event in announced]
        published = True
        try:
            await self._series.publish_events(events)
        except Exception:
            published = False  # durable in the outbox: the relay publishes it
            log.warning("publishing deferred to the outbox relay", exc_info=True)
        self._telemetry.emitted(events)
        by_pair = {series.pair_id: (series, announced) for series, announced in saved}
        if published:
            # Arming a big batch's timers can outlast the relay's grace on a busy database;
            # cleared now, the outbox is not published a second time meanwhile.
            await self._series.published_new(list(by_pair))
        now = self._clock.now()
        specs = [
            spec
            for series, _ in saved
            for spec in timers_for(series, waiting_alert_after=self._policy.waiting_alert_after)
        ]
        replayed = await self._timers.insert_fresh_many(specs, now)
        for pair_id in replayed:
            series, announced = by_pair[pair_id]
            await self._writer.arm_timers(series, announced if published else ())
        await self._series.settled_new(
            [pair_id for pair_id in by_pair if pair_id not in replayed], published=published
        )
        for series, _ in saved:
            self._telemetry.planning_latency(
                series.program_id, max(0.0, (now - series.pair_created_at).total_seconds())
            )
        log.info("series planned in a batch", extra={"series": len(saved)})


def _both_active(event: PairCreated, records: dict[str, ParticipantRecord]) -> bool:
    return all(
        person in records and records[person].status is ParticipantStatus.ACTIVE
        for person in (event.junior_id, event.senior_id)
    )
