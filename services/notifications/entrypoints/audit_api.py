"""A program's audit trail in notifications, for its admins: who added, changed or removed
which admin contact, newest first, paged in the same shape as every service's trail."""

from __future__ import annotations

from fastapi import APIRouter

from services.notifications.entrypoints.dependencies import Audit, Programs, require_program_admin
from shared.http.audit_api import AuditPage, audit_page
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, Limit
from shared.http.paths import IdPath

router = APIRouter(tags=["audit"], responses=error_responses(401, 403, 422))


@router.get("/programs/{program_id}/audit", response_model=AuditPage)
async def program_audit(
    program_id: IdPath,
    principal: CurrentPrincipal,
    programs: Programs,
    trail: Audit,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditPage:
    """Changes the program's admins made to its admin contacts: `admin_contact.added`,
    `admin_contact.changed` (with the names of the fields that changed) and
    `admin_contact.removed`, each with the admin's id. Names and addresses are not kept."""
    await require_program_admin(programs, principal, program_id)
    return await audit_page(trail, program_id, limit=limit, cursor=cursor)
