"""Explicit mapping between wire contracts and the engine's domain objects."""

from __future__ import annotations

import dataclasses
from typing import Any

from services.matching.application.policy import PolicyIn
from services.matching.domain import (
    LearningGoal,
    Participant,
    Policy,
    QualityReport,
    Role,
    SkillLevel,
    WeeklyWindow,
    Weights,
)
from shared.events import ParticipantProfile


def to_domain_participant(profile: ParticipantProfile, program_id: str) -> Participant:
    return DomainParticipants(program_id).one(profile)


class DomainParticipants:
    """Maps profiles to the engine's participants, sharing one immutable window, skill and goal
    object among everyone who has the same one: a large program repeats a few hundred of them,
    and building each again is most of the mapping."""

    def __init__(self, program_id: str = "") -> None:
        self._program_id = program_id
        self._windows: dict[tuple[str, str, str], WeeklyWindow] = {}
        self._skills: dict[tuple[str, int], SkillLevel] = {}
        self._goals: dict[tuple[str, int], LearningGoal] = {}

    def of(self, profiles: list[ParticipantProfile]) -> list[Participant]:
        return [self.one(profile) for profile in profiles]

    def one(self, profile: ParticipantProfile) -> Participant:
        windows, skills, goals = self._windows, self._skills, self._goals
        availability = []
        for w in profile.availability:
            key = (w.day, w.start, w.end)
            availability.append(windows.get(key) or windows.setdefault(key, WeeklyWindow(*key)))
        offered = []
        for s in profile.skills_offered:
            pair = (s.skill, s.level)
            offered.append(skills.get(pair) or skills.setdefault(pair, SkillLevel(*pair)))
        wanted = []
        for g in profile.learning_goals:
            pair = (g.skill, g.priority)
            wanted.append(goals.get(pair) or goals.setdefault(pair, LearningGoal(*pair)))
        return Participant(
            participant_id=profile.participant_id,
            role=Role(profile.role),
            display_name=profile.display_name,
            email=profile.email,
            department=profile.department,
            location=profile.location,
            timezone=profile.timezone,
            languages=tuple(profile.languages),
            seniority_level=profile.seniority_level,
            reporting_chain=tuple(profile.reporting_chain),
            skills_offered=tuple(offered),
            learning_goals=tuple(wanted),
            availability=tuple(availability),
            capacity=None if profile.role == "senior" else profile.capacity,  # seniors take one
            exclude=tuple(profile.exclude),
            program_id=self._program_id,
        )


def to_domain_policy(policy: PolicyIn, *, session_minutes: int = 60) -> Policy:
    """`session_minutes`: the program's, so every pair is given room for a whole session."""
    return Policy(
        session_minutes=session_minutes,
        min_seniority_gap=policy.min_seniority_gap,
        min_weekly_overlap_minutes=policy.min_weekly_overlap_minutes,
        default_capacity=policy.default_capacity,
        weights=Weights(**policy.weights.model_dump()),
        top_k=policy.top_k,
        max_candidates_per_senior=policy.max_candidates_per_senior,
        max_candidates_per_junior=policy.max_candidates_per_junior,
        explore_candidates=policy.explore_candidates,
        availability_cap_minutes=policy.availability_cap_minutes,
        seniority_sweet_spot=policy.seniority_sweet_spot,
    )


def report_to_dict(report: QualityReport) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["reference_week"] = report.reference_week.isoformat()
    return data
