"""Pair events a batch at a time: planned together, as if one by one, in order."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from itertools import pairwise

import pytest

from services.scheduling.application.batch_planning import PairBatches
from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import SessionEvents
from services.scheduling.domain.invitation import InvitationStyle
from services.scheduling.domain.model import Series, SeriesStatus
from services.scheduling.domain.timers import TimerSpec, worth_arming
from shared.events import Event, PairEnded
from tests.unit.scheduling.builders import envelope, joined, pair_created, program_launched
from tests.unit.scheduling.fakes import FakeSeriesStore, FakeTimerStore, TimerRow
from tests.unit.scheduling.service_harness import Service, build_service

POLICY = SchedulingPolicy()
WEEKDAYS = [(day, "09:00", "17:00") for day in ("mon", "tue", "wed", "thu", "fri")]


class FakeSeriesBatches:
    def __init__(self, store: FakeSeriesStore) -> None:
        self.store = store
        self.inserts = 0

    async def existing(self, pair_ids: Sequence[str]) -> set[str]:
        return {p for p in pair_ids if p in self.store.docs}

    async def busy_by_person(
        self, participant_ids: Sequence[str], *, after: datetime
    ) -> dict[str, list[tuple[datetime, datetime]]]:
        busy: dict[str, list[tuple[datetime, datetime]]] = {}
        for series in self.store.docs.values():
            if series.status is not SeriesStatus.PLANNED:
                continue
            for person in set(series.participants) & set(participant_ids):
                busy.setdefault(person, []).extend(
                    (s.start, s.end) for s in series.booked() if s.end > after
                )
        return busy

    async def insert_new(self, drafts: Sequence[tuple[Series, Sequence[Event]]]) -> set[str]:
        self.inserts += 1
        inserted = set()
        for series, events in drafts:
            if series.pair_id in self.store.docs:
                continue
            self.store.docs[series.pair_id] = copy.deepcopy(series)
            self.store.outbox[series.pair_id] = list(events)
            self.store.dirty.add(series.pair_id)
            inserted.add(series.pair_id)
        return inserted

    async def publish_events(self, events: Sequence[Event]) -> None:
        await self.store.publisher.publish_many(events)

    async def published_new(self, pair_ids: Sequence[str]) -> None:
        for pair_id in pair_ids:
            if self.store.docs[pair_id].version == 1:
                self.store.outbox[pair_id] = []

    async def settled_new(self, pair_ids: Sequence[str], *, published: bool) -> None:
        for pair_id in pair_ids:
            if self.store.docs[pair_id].version == 1:
                self.store.dirty.discard(pair_id)
                if published:
                    self.store.outbox[pair_id] = []


class FakeTimerBatches:
    def __init__(self, store: FakeTimerStore) -> None:
        self.store = store

    async def insert_fresh_many(self, specs: Sequence[TimerSpec], now: datetime) -> set[str]:
        replayed = set()
        for spec in specs:
            if not worth_arming(spec, now):
                continue
            if spec.timer_id in self.store.rows:
                replayed.add(spec.pair_id)
            else:
                self.store.rows[spec.timer_id] = TimerRow(spec)
        return replayed


class FakeBatchLocks:
    def __init__(self, held_elsewhere: Sequence[str] = ()) -> None:
        self.held_elsewhere = set(held_elsewhere)

    @asynccontextmanager
    async def hold_free(self, participant_ids: Sequence[str]) -> AsyncIterator[set[str]]:
        yield set(participant_ids) - self.held_elsewhere


def batches(
    service: Service,
    locks: FakeBatchLocks | None = None,
    timers: FakeTimerBatches | None = None,
) -> PairBatches:
    writer = SeriesWriter(
        series=service.series,
        timers=service.timer_store,
        telemetry=service.telemetry,
        clock=service.clock,
        policy=POLICY,
    )
    return PairBatches(
        planner=service.planner,
        upkeep=service.upkeep,
        series=FakeSeriesBatches(service.series),
        participants=service.participants,
        programs=service.programs,
        locks=locks or FakeBatchLocks(),
        timers=timers or FakeTimerBatches(service.timer_store),
        writer=writer,
        events=SessionEvents(InvitationStyle()),
        telemetry=service.telemetry,
        clock=service.clock,
        policy=POLICY,
    )


async def people(service: Service, *ids: str) -> None:
    await service.read_models.on_program_event(program_launched())
    for pid in ids:
        role = "junior" if pid.startswith("j") else "senior"
        await service.read_models.on_participant_event(joined(pid, role, "Europe/Berlin", WEEKDAYS))


def overlapping(series: Sequence[Series]) -> bool:
    slots = sorted((s.start, s.end) for one in series for s in one.booked())
    return any(later[0] < earlier[1] for earlier, later in pairwise(slots))


async def test_a_batch_is_planned_in_one_insert_and_nobody_is_booked_twice() -> None:
    service = build_service(policy=POLICY)
    await people(service, "j-1", "j-2", "j-3", "s-1", "s-2")
    handler = batches(service)
    created = [
        pair_created("pair-1", "j-1", "s-1"),
        pair_created("pair-2", "j-2", "s-1"),  # the same senior, in the same batch
        pair_created("pair-3", "j-3", "s-2"),
        pair_created("pair-1", "j-1", "s-1"),  # a duplicate
    ]
    await handler.on_pair_events(created)

    docs = service.series.docs
    assert {p: s.status for p, s in docs.items()} == {
        "pair-1": SeriesStatus.PLANNED,
        "pair-2": SeriesStatus.PLANNED,
        "pair-3": SeriesStatus.PLANNED,
    }
    assert not overlapping([docs["pair-1"], docs["pair-2"]])
    assert len(service.events("SessionSeriesPlanned")) == 3
    assert all(not pending for pending in service.series.outbox.values())
    assert service.series.dirty == set()
    assert {row.spec.pair_id for row in service.timer_store.rows.values()} == set(docs)


async def test_a_redelivered_batch_plans_nothing_again() -> None:
    service = build_service(policy=POLICY)
    await people(service, "j-1", "s-1")
    handler = batches(service)
    await handler.on_pair_events([pair_created("pair-1", "j-1", "s-1")])
    published = len(service.publisher.events)

    await handler.on_pair_events([pair_created("pair-1", "j-1", "s-1")])

    assert len(service.publisher.events) == published
    assert service.series.docs["pair-1"].version == 1


async def test_pairs_the_batch_cannot_plan_go_to_the_planner_one_by_one() -> None:
    service = build_service(policy=POLICY)
    await people(service, "j-1", "s-1", "j-2", "s-2")
    handler = batches(service, FakeBatchLocks(held_elsewhere=["s-2"]))
    await handler.on_pair_events(
        [
            pair_created("pair-1", "j-1", "s-1"),
            pair_created("pair-2", "j-2", "s-2"),  # s-2 is being planned elsewhere
            pair_created("pair-3", "j-3", "s-1"),  # j-3 has not arrived yet
        ]
    )

    statuses = {p: s.status for p, s in service.series.docs.items()}
    assert statuses == {
        "pair-1": SeriesStatus.PLANNED,
        "pair-2": SeriesStatus.PLANNED,
        "pair-3": SeriesStatus.WAITING,
    }
    assert service.series.docs["pair-3"].waiting_for == ("j-3",)


async def test_a_pair_ended_later_in_the_batch_ends_the_series_planned_before_it() -> None:
    service = build_service(policy=POLICY)
    await people(service, "j-1", "s-1", "j-2", "s-2")
    ended = PairEnded(
        **envelope(), pair_id="pair-1", junior_id="j-1", senior_id="s-1", reason="admin"
    )
    await batches(service).on_pair_events(
        [pair_created("pair-1", "j-1", "s-1"), ended, pair_created("pair-2", "j-2", "s-2")]
    )

    assert service.series.docs["pair-1"].status is SeriesStatus.ENDED
    assert service.series.docs["pair-2"].status is SeriesStatus.PLANNED


class FailingTimerBatches(FakeTimerBatches):
    async def insert_fresh_many(self, specs: Sequence[TimerSpec], now: datetime) -> set[str]:
        raise ConnectionError("the database went away while arming")


async def test_a_published_batch_is_not_left_for_the_relay_while_its_timers_are_armed() -> None:
    service = build_service(policy=POLICY)
    await people(service, "j-1", "s-1")
    handler = batches(service, timers=FailingTimerBatches(service.timer_store))

    with pytest.raises(ConnectionError):
        await handler.on_pair_events([pair_created("pair-1", "j-1", "s-1")])

    assert service.series.outbox["pair-1"] == []  # published, and marked so
    assert service.series.dirty == {"pair-1"}  # the timers are still to be armed
