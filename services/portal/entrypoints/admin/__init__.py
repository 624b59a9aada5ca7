"""The admin console: one module per area, each with its own router."""

from __future__ import annotations

from fastapi import APIRouter

from services.portal.entrypoints.admin import (
    audit,
    enrolment,
    enrolment_rules,
    health,
    insights,
    matching,
    pairs,
    participant_upload,
    participants,
    policy,
    programs,
)


def routers() -> list[APIRouter]:
    return [
        programs.router,
        policy.router,
        participants.router,
        participant_upload.router,
        matching.router,
        pairs.router,
        health.router,
        insights.router,
        enrolment.router,
        enrolment_rules.router,
        audit.router,
    ]
