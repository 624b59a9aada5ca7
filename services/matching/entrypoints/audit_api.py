"""A program's audit trail for its admins: who did what, newest first, paged."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.entrypoints import access
from services.matching.entrypoints.dependencies import Store, Trail
from shared.http.audit_api import AuditPage, audit_page
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, Limit

router = APIRouter(tags=["audit"], responses=error_responses(401, 403, 404, 422))


@router.get("/programs/{program_id}/audit", response_model=AuditPage)
async def program_audit(
    program_id: str,
    principal: CurrentPrincipal,
    store: Store,
    trail: Trail,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditPage:
    """Program and policy changes, joins, withdrawals and erasures, rounds run and
    approved, pairs ended, and what the company directory changed (actor `scim:...`)."""
    await access.admin_program(store, principal, program_id)
    return await audit_page(trail, program_id, limit=limit, cursor=cursor)
