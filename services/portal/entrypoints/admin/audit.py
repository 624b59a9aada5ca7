"""Audit trails in the console: a program's (its admins) and the directory's SCIM changes
(platform admins), newest first, paged."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.portal.domain.audit_view import audit_rows
from services.portal.domain.failures import NotAllowed
from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.entrypoints.admin.enrolment import provisioning_of
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminPage, section

router = APIRouter(prefix="/admin")
Cursor = Query(default=None, max_length=2000)
Trail = Query(default=None, max_length=20000)
Limit = Query(default=None, max_length=5)


@router.get("/programs/{program_id}/audit")
async def program_audit_page(
    context: AdminPage,
    program_id: str,
    cursor: str | None = Cursor,
    trail: str | None = Trail,
    limit: str | None = Limit,
) -> Response:
    size = clamp_limit(limit)
    program, entries = await asyncio.gather(
        header_program(context, program_id),
        section(
            provisioning_of(context).program_audit(
                context.token, program_id, limit=size, cursor=cursor
            )
        ),
    )
    page = entries.value
    return context.render(
        "admin/audit.html",
        header=program_header(program_id, program.value),
        tab="audit",
        entries=entries,
        rows=audit_rows(page.items if page else []),
        links=page_links(
            path=f"/admin/programs/{program_id}/audit",
            filters={},
            cursor=cursor,
            trail=split_trail(trail),
            next_cursor=page.next_cursor if page else None,
            shown=len(page.items) if page else 0,
            limit=size,
            total=page.total if page else None,
        ),
    )


@router.get("/audit")
async def directory_audit_page(
    context: AdminPage,
    cursor: str | None = Cursor,
    trail: str | None = Trail,
    limit: str | None = Limit,
) -> Response:
    if not context.signed_in_viewer.is_platform_admin:
        raise NotAllowed(None, "platform_admins_only")
    size = clamp_limit(limit)
    entries = await section(
        provisioning_of(context).directory_audit(context.token, limit=size, cursor=cursor)
    )
    page = entries.value
    return context.render(
        "admin/directory_audit.html",
        entries=entries,
        rows=audit_rows(page.items if page else []),
        links=page_links(
            path="/admin/audit",
            filters={},
            cursor=cursor,
            trail=split_trail(trail),
            next_cursor=page.next_cursor if page else None,
            shown=len(page.items) if page else 0,
            limit=size,
            total=page.total if page else None,
        ),
    )
