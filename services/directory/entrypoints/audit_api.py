"""The directory's own audit trail: which connection provisioned, changed or removed whom."""

from __future__ import annotations

from fastapi import APIRouter

from services.directory.entrypoints.dependencies import Trail
from shared.http.audit_api import AuditPage, audit_page
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, Limit

router = APIRouter(tags=["audit"], responses=error_responses(401, 403, 422))


@router.get("/audit", response_model=AuditPage)
async def directory_audit(
    principal: CurrentPrincipal, trail: Trail, limit: Limit = 50, cursor: Cursor = None
) -> AuditPage:
    """SCIM changes, newest first (platform admins): attribute names, never values."""
    principal.require_platform_admin()
    return await audit_page(trail, None, limit=limit, cursor=cursor)
