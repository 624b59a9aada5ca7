"""The participant portal (/me/...): one module per page, each with its own router."""

from __future__ import annotations

from fastapi import APIRouter

from services.portal.entrypoints.participant import (
    feedback,
    home,
    inbox,
    invitations,
    pair,
    profile,
    sessions,
)


def routers() -> list[APIRouter]:
    return [
        home.router,
        profile.router,
        pair.router,
        sessions.router,
        feedback.router,
        inbox.router,
        invitations.router,
    ]
