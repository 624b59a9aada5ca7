"""Explicit mapping between wire contracts and the engine's domain objects."""

from __future__ import annotations

import dataclasses
from typing import Any

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
from services.matching.entrypoints.schemas import PolicyIn
from shared.events import ParticipantProfile


def to_domain_participant(profile: ParticipantProfile, program_id: str) -> Participant:
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
        skills_offered=tuple(SkillLevel(s.skill, s.level) for s in profile.skills_offered),
        learning_goals=tuple(LearningGoal(g.skill, g.priority) for g in profile.learning_goals),
        availability=tuple(WeeklyWindow(w.day, w.start, w.end) for w in profile.availability),
        capacity=None if profile.role == "senior" else profile.capacity,  # seniors take one
        exclude=tuple(profile.exclude),
        program_id=program_id,
    )


def to_domain_policy(policy: PolicyIn) -> Policy:
    return Policy(
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
