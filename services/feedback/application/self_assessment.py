"""Optional self-assessments before and after a program, so it can show skills that grew."""

from __future__ import annotations

from services.feedback.application.ports import (
    ErasureLog,
    ParticipantStore,
    ProgramStore,
    SelfAssessmentStore,
)
from services.feedback.domain.model import (
    Phase,
    SelfAssessment,
    SkillLevel,
    normalise_skill,
)
from services.feedback.domain.requests import Problem, SubmissionRejected
from shared.clock import Clock

MAX_SKILLS = 50


class SelfAssessments:
    def __init__(
        self,
        *,
        assessments: SelfAssessmentStore,
        participants: ParticipantStore,
        programs: ProgramStore,
        erasures: ErasureLog,
        clock: Clock,
    ) -> None:
        self._assessments = assessments
        self._participants = participants
        self._programs = programs
        self._erasures = erasures
        self._clock = clock

    async def record(
        self, program_id: str, participant_id: str, phase: Phase, levels: list[tuple[str, int]]
    ) -> SelfAssessment:
        role = await self._participants.role_in(program_id, participant_id)
        if role is None or await self._erasures.is_erased(participant_id):
            raise SubmissionRejected(
                "forbidden", "forbidden", "only participants of this program can assess themselves"
            )
        policy = await self._programs.policy(program_id)
        vocabulary = policy.skills if policy is not None else frozenset()
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for index, (skill, level) in enumerate(levels):
            name = normalise_skill(skill)
            if not name:
                problems.append(Problem(f"levels[{index}].skill", "must not be empty"))
            elif vocabulary and name not in vocabulary:
                problems.append(
                    Problem(f"levels[{index}].skill", "not one of the program's skills")
                )
            elif name in seen:
                problems.append(Problem(f"levels[{index}].skill", "listed twice"))
            if not 1 <= level <= 5:
                problems.append(Problem(f"levels[{index}].level", "must be between 1 and 5"))
            seen[name] = level
        if not levels:
            problems.append(Problem("levels", "at least one skill"))
        if len(levels) > MAX_SKILLS:
            problems.append(Problem("levels", f"at most {MAX_SKILLS} skills"))
        if problems:
            raise SubmissionRejected(
                "invalid", "invalid_self_assessment", "the self-assessment is not valid", problems
            )
        assessment = SelfAssessment(
            program_id=program_id,
            participant_id=participant_id,
            role=role,
            phase=phase,
            levels=tuple(SkillLevel(skill, level) for skill, level in seen.items()),
            submitted_at=self._clock.now(),
        )
        await self._assessments.save(assessment)
        return assessment

    async def of(self, program_id: str, participant_id: str) -> list[SelfAssessment]:
        return await self._assessments.of_participant(program_id, participant_id)
