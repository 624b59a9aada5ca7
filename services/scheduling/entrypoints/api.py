"""The scheduling HTTP API, put together from one module per resource: a pair's sessions
(`sessions_api`), a program's lists (`program_lists_api`) and its audit trail (`audit_api`).

The routes live at module level and take their collaborators as `Annotated` dependencies
(`dependencies.py`), which read the `SchedulingApi` the composition root keeps on `app.state`.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.scheduling.entrypoints import audit_api, program_lists_api, sessions_api
from services.scheduling.entrypoints.dependencies import STATE_NAME, SchedulingApi

__all__ = ["STATE_NAME", "SchedulingApi", "router"]

router = APIRouter()
router.include_router(sessions_api.router)
router.include_router(program_lists_api.router)
router.include_router(audit_api.router)
