"""Gathering the bounded projections that program and region insights are computed from."""

from __future__ import annotations

from collections.abc import Sequence

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
    ) -> None:
        self._programs = programs
        self._requests = requests
        self._sessions = sessions
        self._pairs = pairs
        self._assessments = assessments
        self._max_rows = max_rows

    async def program(self, program_id: str) -> ProgramPolicy | None:
        return await self._programs.policy(program_id)

    async def programs_in(self, region: str, cohort: str | None) -> list[ProgramPolicy]:
        return await self._programs.in_region(region, cohort)

    async def for_program(self, policy: ProgramPolicy) -> InsightsReport:
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
        requests = await self._requests.counts(ids)
        sessions = await self._sessions.counts(ids)
        pairs = await self._pairs.counts(ids)
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
            answers=await self._requests.answer_rows(programs, self._max_rows),
            programs=activity,
            assessments=await self._assessments.rows(ids, self._max_rows),
            breakdowns=breakdowns,
        )
