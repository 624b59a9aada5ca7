"""Participants: search, filter and page through them; one person's page;
withdraw; erase with a confirmation."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")
ROLES = ("junior", "senior")
STATUSES = ("active", "withdrawn", "erased")


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
        header_program(context, program_id),
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


async def _person(context: PageContext, program_id: str, participant_id: str) -> dict[str, Any]:
    return await context.portal.matching.get_participant(context.token, program_id, participant_id)


@router.get("/participants/{participant_id}")
async def person_page(context: AdminPage, program_id: str, participant_id: str) -> Response:
    person, program, pairs = await asyncio.gather(
        _person(context, program_id, participant_id),
        header_program(context, program_id),
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
