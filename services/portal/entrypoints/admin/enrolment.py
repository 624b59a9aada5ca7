"""Enrol people of the company directory into a program: search the directory, tick people,
choose role and seniority, and enrol them at once or invite them (each accepts on their own
page); name, email, language, time zone, department and location come from the directory."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.portal.application.ports import Json, ProvisioningApi
from services.portal.domain.enrolment_form import EnrolmentForm, read_enrolment_form
from services.portal.domain.failures import PortalError, SignInRequired, Unavailable
from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.http_status import status_of
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")


def provisioning_of(context: PageContext) -> ProvisioningApi:
    if context.portal.provisioning is None:
        raise Unavailable("matching", "not_configured")
    return context.portal.provisioning


async def _page(
    context: PageContext,
    program_id: str,
    *,
    q: str | None,
    cursor: str | None,
    trail: str | None,
    limit: str | None,
    outcome: Json | None = None,
    failure: PortalError | None = None,
    form: EnrolmentForm | None = None,
    status: int = 200,
) -> Response:
    size = clamp_limit(limit)
    filters: dict[str, Any] = {"q": q or None}
    program, people = await asyncio.gather(
        header_program(context, program_id),
        section(
            provisioning_of(context).search_directory(
                context.token, q=q or None, limit=size, cursor=cursor
            )
        ),
    )
    links = page_links(
        path=f"/admin/programs/{program_id}/enrol",
        filters=filters,
        cursor=cursor,
        trail=split_trail(trail),
        next_cursor=people.value.next_cursor if people.value else None,
        shown=len(people.value.items) if people.value else 0,
        limit=size,
        total=people.value.total if people.value else None,
    )
    return context.render(
        "admin/enrol.html",
        status=status,
        header=program_header(program_id, program.value),
        tab="enrol",
        people=people,
        links=links,
        filters=filters,
        outcome=outcome,
        failure=failure,
        form=form or EnrolmentForm(),
    )


@router.get("/enrol")
async def enrol_page(
    context: AdminPage,
    program_id: str,
    q: str | None = Query(default=None, max_length=100),
    cursor: str | None = Query(default=None, max_length=2000),
    trail: str | None = Query(default=None, max_length=20000),
    limit: str | None = Query(default=None, max_length=5),
) -> Response:
    return await _page(context, program_id, q=q, cursor=cursor, trail=trail, limit=limit)


@router.post("/enrol")
async def enrol_submit(context: AdminForm, program_id: str) -> Response:
    posted = await context.request.form()
    form = read_enrolment_form(posted)
    inviting = posted.get("action") == "invite"
    q = form.q
    if form.problems:
        return await _page(
            context, program_id, q=q, cursor=None, trail=None, limit=None, form=form, status=422
        )
    outcome: Json | None = None
    failure: PortalError | None = None
    try:
        provisioning = provisioning_of(context)
        if inviting:
            outcome = await provisioning.invite(context.token, program_id, form.body())
        else:
            outcome = await provisioning.enrol(context.token, program_id, form.body())
    except (Unavailable, SignInRequired):
        raise
    except PortalError as refused:  # e.g. 403 for another region's program, 422 for the body
        failure = refused
    return await _page(
        context,
        program_id,
        q=q,
        cursor=None,
        trail=None,
        limit=None,
        outcome=outcome,
        failure=failure,
        form=form,
        status=200 if failure is None else status_of(failure),
    )
