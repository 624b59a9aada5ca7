"""Participants: search, filter and page through them; upload a file; one person's page;
withdraw; erase with a confirmation."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from services.portal.application.participant_import import import_participants
from services.portal.domain.failures import Invalid, Problem
from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.entrypoints.admin.program_page import program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")
ROLES = ("junior", "senior")
STATUSES = ("active", "withdrawn", "erased")
MAX_UPLOAD_BYTES = 15_000_000


@router.get("/participants")
async def participants_list(
    context: AdminPage,
    program_id: str,
    q: str | None = Query(default=None, max_length=100),
    role: str | None = Query(default=None, max_length=10),
    status: str | None = Query(default=None, max_length=10),
    cursor: str | None = Query(default=None, max_length=2000),
    trail: str | None = Query(default=None, max_length=20000),
    limit: str | None = Query(default=None, max_length=5),
) -> Response:
    size = clamp_limit(limit)
    filters: dict[str, Any] = {
        "q": q or None,
        "role": role if role in ROLES else None,
        "status": status if status in STATUSES else None,
    }
    program, people = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        context.portal.matching.list_participants(
            context.token, program_id, limit=size, cursor=cursor, filters=filters
        ),
    )
    links = page_links(
        path=f"/admin/programs/{program_id}/participants",
        filters=filters,
        cursor=cursor,
        trail=split_trail(trail),
        next_cursor=people.next_cursor,
        shown=len(people.items),
        limit=size,
        total=people.total,
    )
    return context.render(
        "admin/participants.html",
        header=program_header(program_id, program.value),
        tab="participants",
        people=people,
        counts=people.extra.get("counts") or {},
        links=links,
        filters=filters,
        roles=ROLES,
        statuses=STATUSES,
        report=None,
        done=context.request.query_params.get("done"),
    )


@router.post("/participants/upload")
async def upload(context: AdminForm, program_id: str) -> Response:
    template = "admin/partials/import_report.html" if context.is_htmx else "admin/import.html"
    form = await context.request.form()
    file = form.get("file")
    filename = file.filename if isinstance(file, UploadFile) and file.filename else ""
    try:
        if not isinstance(file, UploadFile) or not filename:
            raise Invalid(None, "no_file", [Problem("file", "choose a .csv or .jsonl file")])
        content = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            raise Invalid(None, "file_too_large", [Problem("file", "at most 15 MB per file")])
        report = await import_participants(
            context.portal.matching,
            context.token,
            program_id,
            filename=filename,
            content_type=file.content_type,
            content=content,
        )
    except Invalid as invalid:
        # The form stays usable: the message takes the report's place.
        return context.render(
            template,
            header=program_header(program_id, None),
            tab="participants",
            report=None,
            failure=invalid,
            filename=filename,
            status=200 if context.is_htmx else 422,
        )
    return context.render(
        template,
        header=program_header(program_id, None),
        tab="participants",
        report=report,
        failure=None,
        filename=filename,
    )


async def _person(context: PageContext, program_id: str, participant_id: str) -> dict[str, Any]:
    return await context.portal.matching.get_participant(context.token, program_id, participant_id)


@router.get("/participants/{participant_id}")
async def person_page(context: AdminPage, program_id: str, participant_id: str) -> Response:
    person, program, pairs = await asyncio.gather(
        _person(context, program_id, participant_id),
        section(context.portal.matching.get_program(context.token, program_id)),
        section(
            context.portal.matching.list_pairs(
                context.token,
                program_id,
                limit=50,
                cursor=None,
                filters={"participant": participant_id},
            )
        ),
    )
    return context.render(
        "admin/person.html",
        header=program_header(program_id, program.value),
        tab="participants",
        person=person,
        participant_id=participant_id,
        pairs=pairs,
        done=context.request.query_params.get("done"),
    )


@router.post("/participants/{participant_id}/withdraw")
async def withdraw(context: AdminForm, program_id: str, participant_id: str) -> Response:
    await context.portal.matching.withdraw(context.token, program_id, participant_id)
    return RedirectResponse(
        f"/admin/programs/{program_id}/participants/{participant_id}?done=withdrawn",
        status_code=303,
    )


@router.get("/participants/{participant_id}/erase")
async def erase_confirm(context: AdminPage, program_id: str, participant_id: str) -> Response:
    await _person(context, program_id, participant_id)
    return context.render(
        "admin/erase.html",
        header=program_header(program_id, None),
        tab="participants",
        participant_id=participant_id,
        mismatch=False,
    )


@router.post("/participants/{participant_id}/erase")
async def erase(context: AdminForm, program_id: str, participant_id: str) -> Response:
    form = await context.request.form()
    typed = form.get("confirm_id")
    if not isinstance(typed, str) or typed.strip() != participant_id:
        return context.render(
            "admin/erase.html",
            header=program_header(program_id, None),
            tab="participants",
            participant_id=participant_id,
            mismatch=True,
            status=422,
        )
    await context.portal.matching.erase(context.token, program_id, participant_id)
    return RedirectResponse(
        f"/admin/programs/{program_id}/participants?done=erased", status_code=303
    )
