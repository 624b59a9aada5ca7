"""A program's audit trail in scheduling, for its admins: who moved, cancelled or completed
which session, newest first, paged in the same shape as every service's trail."""

from __future__ import annotations

from fastapi import APIRouter

from services.scheduling.entrypoints.dependencies import Audit, Queries
from services.scheduling.entrypoints.request_parts import ProgramId
from shared.http.audit_api import AuditPage, audit_page
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, Limit

router = APIRouter(tags=["audit"], responses=error_responses(401, 403, 422))


@router.get("/programs/{program_id}/audit", response_model=AuditPage)
async def program_audit(
    program_id: ProgramId,
    principal: CurrentPrincipal,
    queries: Queries,
    trail: Audit,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditPage:
    """Session commands the program's admins gave: `session.rescheduled` (previous and new
    start), `session.cancelled`, `session.completed` and `series.cancelled` (the rest of a
    pair's sessions), each with the session or pair id and a reason code. A participant's
    changes to their own sessions are not admin actions and are not listed."""
    principal.require_admin_of(program_id, await queries.region_of(program_id))
    return await audit_page(trail, program_id, limit=limit, cursor=cursor)
