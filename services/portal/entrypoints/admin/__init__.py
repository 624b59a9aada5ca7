"""The admin console: one module per area, each with its own router."""

from __future__ import annotations

from fastapi import APIRouter

from services.portal.entrypoints.admin import programs


def routers() -> list[APIRouter]:
    return [programs.router]
