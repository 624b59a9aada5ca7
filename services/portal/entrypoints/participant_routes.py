"""The participant pages (/me/...), gathered for the portal's bootstrap."""

from __future__ import annotations

from fastapi import APIRouter

from services.portal.entrypoints import (
    participant_feedback,
    participant_home,
    participant_inbox,
    participant_pair,
    participant_profile,
    participant_sessions,
)

router = APIRouter()
for area in (
    participant_home,
    participant_profile,
    participant_pair,
    participant_sessions,
    participant_feedback,
    participant_inbox,
):
    router.include_router(area.router)
