"""Gathering the bounded projections that program and region insights are computed from.

A program's report reads five projections in full. For a small program that takes a few
milliseconds and is always done afresh; once a program's report takes longer than
`cache_above_seconds` to compute (a 10,000-person program on the local stack took about a second),
the last report is served while a fresh one is computed in the background whenever it is older
than `fresh_seconds`, so the console's programs page and insights tab answer at once and show
figures at most that old plus one computation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.feedback.application.ports import (
    PairStore,
    ProgramStore,
    RequestStore,
    SelfAssessmentStore,
    SessionStore,
)
from services.feedback.domain.insights import (
    Dimension,
    InsightsReport,
    ProgramActivity,
    build_report,
)
from services.feedback.domain.model import ProgramPolicy

log = logging.getLogger("twoway.feedback")


@dataclass(frozen=True, slots=True)
class _Computed:
    report: InsightsReport
    computed_at: float
    cost: float


class InsightsQueries:
    def __init__(
        self,
        *,
        programs: ProgramStore,
        requests: RequestStore,
        sessions: SessionStore,
        pairs: PairStore,
        assessments: SelfAssessmentStore,
        max_rows: int,
        fresh_seconds: float = 15.0,
        cache_above_seconds: float = 0.1,
        max_programs: int = 64,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._programs = programs
        self._requests = requests
        self._sessions = sessions
        self._pairs = pairs
        self._assessments = assessments
        self._max_rows = max_rows
        self._fresh_seconds = fresh_seconds
        self._cache_above_seconds = cache_above_seconds
        self._max_programs = max_programs
        self._now = now
        self._held: OrderedDict[ProgramPolicy, _Computed] = OrderedDict()
        self._locks: dict[ProgramPolicy, asyncio.Lock] = {}
        self._refreshing: dict[ProgramPolicy, asyncio.Task[_Computed]] = {}

    async def program(self, program_id: str) -> ProgramPolicy | None:
        return await self._programs.policy(program_id)

    async def programs_in(self, region: str, cohort: str | None) -> list[ProgramPolicy]:
        return await self._programs.in_region(region, cohort)

    async def for_program(self, policy: ProgramPolicy) -> InsightsReport:
        """The program's report; a costly one from the last computation (see the module)."""
        held = self._held.get(policy)
        if held is None or held.cost < self._cache_above_seconds:
            return (await self._compute_once(policy, held)).report
        self._held.move_to_end(policy)
        stale = self._now() - held.computed_at > self._fresh_seconds
        if stale and policy not in self._refreshing:
            task = asyncio.create_task(self._compute_once(policy, held))
            self._refreshing[policy] = task
            task.add_done_callback(lambda done: self._refreshed(policy, done))
        return held.report

    def _refreshed(self, policy: ProgramPolicy, done: asyncio.Task[_Computed]) -> None:
        self._refreshing.pop(policy, None)
        if not done.cancelled() and done.exception() is not None:
            # The last report stays; the next read past its age tries again.
            error = done.exception()
            log.warning("insights refresh failed", extra={"error_type": type(error).__name__})

    async def _compute_once(self, policy: ProgramPolicy, seen: _Computed | None) -> _Computed:
        """One computation at a time per program: a read that waited gets the one just made."""
        lock = self._locks.setdefault(policy, asyncio.Lock())
        async with lock:
            held = self._held.get(policy)
            if held is not None and held is not seen:
                return held
            started = self._now()
            report = await self._program_report(policy)
            done = _Computed(report, computed_at=started, cost=self._now() - started)
            self._held[policy] = done
            self._held.move_to_end(policy)
            while len(self._held) > self._max_programs:
                dropped, _ = self._held.popitem(last=False)
                self._locks.pop(dropped, None)
            return done

    async def _program_report(self, policy: ProgramPolicy) -> InsightsReport:
        scope = {"program_id": policy.program_id, "cohort": policy.cohort}
        if policy.region:
            scope["region"] = policy.region
        return await self._report([policy], scope, policy.min_group_size, ("role",))

    async def for_region(
        self, programs: Sequence[ProgramPolicy], *, region: str, cohort: str | None
    ) -> InsightsReport:
        scope = {"region": region} | ({"cohort": cohort} if cohort else {})
        # Programs may set different minimums; a combined view honours the strictest.
        minimum = max((p.min_group_size for p in programs), default=5)
        breakdowns: tuple[Dimension, ...] = (
            ("program", "role") if cohort else ("cohort", "program", "role")
        )
        return await self._report(programs, scope, minimum, breakdowns)

    async def _report(
        self,
        programs: Sequence[ProgramPolicy],
        scope: dict[str, str],
        minimum: int,
        breakdowns: Sequence[Dimension],
    ) -> InsightsReport:
        ids = [p.program_id for p in programs]
        # Five independent reads: waited on together, not one after another.
        requests, sessions, pairs, answers, assessments = await asyncio.gather(
            self._requests.counts(ids),
            self._sessions.counts(ids),
            self._pairs.counts(ids),
            self._requests.answer_rows(programs, self._max_rows),
            self._assessments.rows(ids, self._max_rows),
        )
        activity = [
            ProgramActivity(
                program_id=p.program_id,
                cohort=p.cohort,
                sessions_held=sessions.get(p.program_id, (0, 0))[0],
                sessions_missed=sessions.get(p.program_id, (0, 0))[1],
                requests={
                    role: asked for role, (asked, _) in requests.get(p.program_id, {}).items()
                },
                answered={
                    role: answered for role, (_, answered) in requests.get(p.program_id, {}).items()
                },
                pairs_active=pairs.get(p.program_id, (0, 0))[0],
                pairs_at_risk=pairs.get(p.program_id, (0, 0))[1],
            )
            for p in programs
        ]
        return build_report(
            scope=scope,
            min_group_size=minimum,
            answers=answers,
            programs=activity,
            assessments=assessments,
            breakdowns=breakdowns,
        )
