"""Audit trails in the console: a program's (its admins), merged from every part of Twoway that
records one, and the directory's SCIM changes (platform admins); newest first, paged."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.portal.application.audit_timeline import ProgramAuditTimeline, TimelinePage
from services.portal.application.mapping import audit_entry_from
from services.portal.domain.audit_view import audit_rows
from services.portal.domain.failures import NotAllowed, Unavailable
from services.portal.domain.model import AuditEntry
from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.entrypoints.admin.enrolment import provisioning_of
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminPage, PageContext, section

router = APIRouter(prefix="/admin")
Cursor = Query(default=None, max_length=2000)
TimelineCursor = Query(default=None, max_length=4000)
"""A program timeline's cursor holds one position per service (see domain/audit_timeline)."""
Trail = Query(default=None, max_length=20000)
Limit = Query(default=None, max_length=5)


def timeline_of(context: PageContext) -> ProgramAuditTimeline:
    if context.portal.audit_timeline is None:
        raise Unavailable("matching", "not_configured")
    return context.portal.audit_timeline


@router.get("/programs/{program_id}/audit")
async def program_audit_page(
    context: AdminPage,
    program_id: str,
    cursor: str | None = TimelineCursor,
    trail: str | None = Trail,
    limit: str | None = Limit,
) -> Response:
    size = clamp_limit(limit)
    program, timeline = await asyncio.gather(
        header_program(context, program_id),
        section(timeline_of(context).page(context.token, program_id, limit=size, cursor=cursor)),
    )
    page: TimelinePage | None = timeline.value
    return context.render(
        "admin/audit.html",
        header=program_header(program_id, program.value),
        tab="audit",
        entries=timeline,
        rows=audit_rows(page.entries if page else []),
        missing=page.missing if page else (),
        links=page_links(
            path=f"/admin/programs/{program_id}/audit",
            filters={},
            cursor=cursor,
            trail=split_trail(trail),
            next_cursor=page.next_cursor if page else None,
            shown=len(page.entries) if page else 0,
            limit=size,
            total=page.total if page else None,
        ),
    )


async def _directory_entries(
    context: PageContext, *, limit: int, cursor: str | None
) -> tuple[list[AuditEntry], str | None, int | None]:
    found = await provisioning_of(context).directory_audit(
        context.token, limit=limit, cursor=cursor
    )
    entries = [audit_entry_from("directory", item) for item in found.items]
    return entries, found.next_cursor, found.total


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
    entries = await section(_directory_entries(context, limit=size, cursor=cursor))
    found, next_cursor, total = entries.value or ([], None, None)
    return context.render(
        "admin/directory_audit.html",
        entries=entries,
        rows=audit_rows(found),
        links=page_links(
            path="/admin/audit",
            filters={},
            cursor=cursor,
            trail=split_trail(trail),
            next_cursor=next_cursor,
            shown=len(found),
            limit=size,
            total=total,
        ),
    )
