"""In-memory stand-ins for feedback's read model of programs and people, its erasure log,
self-assessments and metrics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from services.feedback.domain.insights import AssessmentRow
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy, Role, SelfAssessment


class FakeProgramStore:
    def __init__(self) -> None:
        self.policies: dict[str, ProgramPolicy] = {}
        self.versions: dict[str, int] = {}

    async def apply_settings(self, policy: ProgramPolicy, version: int) -> None:
        if version < self.versions.get(policy.program_id, -1):
            return  # an older version arriving late changes nothing
        known = self.policies.get(policy.program_id)
        skills = known.skills if known is not None else frozenset()
        self.policies[policy.program_id] = replace(policy, skills=skills)
        self.versions[policy.program_id] = version

    async def add_skills(self, program_id: str, skills: Iterable[str]) -> None:
        known = self.policies.get(program_id) or ProgramPolicy(program_id)
        self.policies[program_id] = replace(known, skills=known.skills | frozenset(skills))

    async def policy(self, program_id: str) -> ProgramPolicy | None:
        return self.policies.get(program_id)

    async def in_region(self, region: str, cohort: str | None) -> list[ProgramPolicy]:
        return [
            p
            for p in self.policies.values()
            if p.region == region and (cohort is None or p.cohort == cohort)
        ]


class FakeParticipantStore:
    def __init__(self) -> None:
        self.roles: dict[tuple[str, str], Role] = {}

    async def remember(self, program_id: str, participant_id: str, role: Role) -> None:
        self.roles[(program_id, participant_id)] = role

    async def role_in(self, program_id: str, participant_id: str) -> Role | None:
        return self.roles.get((program_id, participant_id))

    async def forget(self, participant_id: str) -> None:
        self.roles = {key: role for key, role in self.roles.items() if key[1] != participant_id}


class FakeSelfAssessmentStore:
    def __init__(self) -> None:
        self.assessments: dict[tuple[str, str, str], SelfAssessment] = {}

    async def save(self, assessment: SelfAssessment) -> None:
        key = (assessment.program_id, assessment.participant_id, assessment.phase)
        self.assessments[key] = assessment

    async def of_participant(self, program_id: str, participant_id: str) -> list[SelfAssessment]:
        return [
            a
            for (program, person, _), a in self.assessments.items()
            if (program, person) == (program_id, participant_id)
        ]

    async def rows(self, program_ids: Sequence[str], limit: int) -> list[AssessmentRow]:
        raise NotImplementedError("insights are tested on their own")

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        for key, assessment in list(self.assessments.items()):
            if assessment.participant_id == participant_id:
                del self.assessments[key]
                moved = replace(assessment, participant_id=token)
                self.assessments[(key[0], token, key[2])] = moved


class FakeErasureLog:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.erased: set[str] = set()
        self.finished: set[str] = set()

    async def begin(self, participant_id: str) -> str:
        self.erased.add(participant_id)
        return self.tokens.setdefault(participant_id, f"anon-{len(self.tokens) + 1}")

    async def finish(self, participant_id: str) -> None:
        self.finished.add(participant_id)

    async def is_erased(self, participant_id: str) -> bool:
        return participant_id in self.erased

    async def erased_among(self, participant_ids: Sequence[str]) -> set[str]:
        return self.erased & set(participant_ids)


@dataclass
class FakeObserver:
    requested: Counter[str] = field(default_factory=Counter)
    nudged: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    submitted: Counter[str] = field(default_factory=Counter)
    edited: Counter[str] = field(default_factory=Counter)
    health_changes: list[tuple[str, str]] = field(default_factory=list)
    at_risk: dict[str, int] = field(default_factory=dict)

    def feedback_requested(self, program_id: str, *, nudge: bool) -> None:
        (self.nudged if nudge else self.requested)[program_id] += 1

    def feedback_held(self, program_id: str) -> None:
        self.held[program_id] += 1

    def feedback_submitted(self, program_id: str, role: Role, request: FeedbackRequest) -> None:
        self.submitted[role] += 1

    def feedback_edited(self, program_id: str) -> None:
        self.edited[program_id] += 1

    def health_changed(self, program_id: str, kind: str) -> None:
        self.health_changes.append((program_id, kind))

    def pairs_at_risk(self, counts: dict[str, int]) -> None:
        self.at_risk = dict(counts)
