"""A program's insights: computed afresh while cheap; once costly, the last report is served and
a fresh one computed in the background when it is older than the freshness bound."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from services.feedback.application.insights import InsightsQueries
from services.feedback.domain.insights import AnswerRow, AssessmentRow
from services.feedback.domain.model import ProgramPolicy

POLICY = ProgramPolicy(program_id="emea-1", region="emea", min_group_size=1)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Stores:
    """Hand-written stand-ins for the five projections; every read of `counts` costs `cost`."""

    def __init__(self, clock: Clock, cost: float) -> None:
        self.clock, self.cost = clock, cost
        self.held = 3
        self.reads = 0

    async def counts(self, program_ids: Sequence[str]) -> dict[str, Any]:
        return {}

    async def session_counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        self.reads += 1
        self.clock.now += self.cost
        return {pid: (self.held, 0) for pid in program_ids}

    async def answer_rows(self, programs: Sequence[ProgramPolicy], limit: int) -> list[AnswerRow]:
        return []

    async def rows(self, program_ids: Sequence[str], limit: int) -> list[AssessmentRow]:
        return []

    async def policy(self, program_id: str) -> ProgramPolicy | None:
        return POLICY


class Sessions:
    def __init__(self, stores: Stores) -> None:
        self.counts = stores.session_counts


def queries(cost: float) -> tuple[InsightsQueries, Stores, Clock]:
    clock = Clock()
    stores = Stores(clock, cost)
    found = InsightsQueries(
        programs=stores,  # type: ignore[arg-type]
        requests=stores,  # type: ignore[arg-type]
        sessions=Sessions(stores),  # type: ignore[arg-type]
        pairs=stores,  # type: ignore[arg-type]
        assessments=stores,  # type: ignore[arg-type]
        max_rows=1000,
        fresh_seconds=15.0,
        cache_above_seconds=0.1,
        now=clock,
    )
    return found, stores, clock


def held(report: Any) -> int:
    return int(report.activity.sessions_held)


async def test_a_cheap_program_is_computed_afresh_on_every_read() -> None:
    insights, stores, _ = queries(cost=0.01)
    assert held(await insights.for_program(POLICY)) == 3
    stores.held = 4
    assert held(await insights.for_program(POLICY)) == 4
    assert stores.reads == 2


async def test_a_costly_program_is_served_from_its_last_report_then_refreshed_behind() -> None:
    insights, stores, clock = queries(cost=1.0)
    assert held(await insights.for_program(POLICY)) == 3
    stores.held = 4
    assert held(await insights.for_program(POLICY)) == 3  # within 15 s: the last report
    assert stores.reads == 1
    clock.now += 20
    assert held(await insights.for_program(POLICY)) == 3  # stale: served, refreshed behind
    for _ in range(100):  # let the background refresh run
        await asyncio.sleep(0)
    assert held(await insights.for_program(POLICY)) == 4
    assert stores.reads == 2


async def test_readers_waiting_on_the_first_computation_share_it() -> None:
    insights, stores, _ = queries(cost=1.0)
    reports = await asyncio.gather(*(insights.for_program(POLICY) for _ in range(5)))
    assert {held(r) for r in reports} == {3}
    assert stores.reads == 1
