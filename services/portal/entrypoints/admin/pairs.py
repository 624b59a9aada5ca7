"""Pairs: the list (paged, filtered), one pair's drill-in (sessions, attendance, ratings;
never private notes), and ending a pair."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.domain.pair_story import attendance, feedback_of_pair
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, section

router = APIRouter(prefix="/admin/programs/{program_id}")
PAIR_STATUSES = ("proposed", "active", "ended", "rejected")
AT_RISK_LOOKUP = 200
END_REASONS = ("admin", "participant_request", "left_company", "not_a_fit")
"""What an admin may give as the reason to end a pair (matching's EndPair; in PairEnded)."""
ENDED_REASONS = (*END_REASONS, "at_risk", "withdrawal", "erasure", "program_ended")


@router.get("/pairs")
async def pairs_list(
    context: AdminPage,
    program_id: str,
    status: str | None = Query(default=None, max_length=20),
    q: str | None = Query(default=None, max_length=100),
    cursor: str | None = Query(default=None, max_length=2000),
    trail: str | None = Query(default=None, max_length=20000),
    limit: str | None = Query(default=None, max_length=5),
) -> Response:
    size = clamp_limit(limit)
    status = status if status in PAIR_STATUSES else None
    filters: dict[str, Any] = {"status": status, "q": q or None}
    program, pairs = await asyncio.gather(
        header_program(context, program_id),
        context.portal.matching.list_pairs(
            context.token, program_id, limit=size, cursor=cursor, filters=filters
        ),
    )
    links = page_links(
        path=f"/admin/programs/{program_id}/pairs",
        filters=filters,
        cursor=cursor,
        trail=split_trail(trail),
        next_cursor=pairs.next_cursor,
        shown=len(pairs.items),
        limit=size,
        total=pairs.total,
    )
    return context.render(
        "admin/pairs.html",
        header=program_header(program_id, program.value),
        tab="pairs",
        pairs=pairs,
        links=links,
        filters=filters,
        statuses=PAIR_STATUSES,
        ended=context.request.query_params.get("ended"),
    )


@router.get("/pairs/{pair_id}")
async def pair_page(context: AdminPage, program_id: str, pair_id: str) -> Response:
    token = context.token
    pair, program, sessions, health = await asyncio.gather(
        context.portal.matching.get_pair(token, program_id, pair_id),
        header_program(context, program_id),
        section(context.portal.scheduling.pair_sessions(token, pair_id)),
        section(
            context.portal.feedback.pair_health(
                token, program_id, at_risk_only=True, limit=AT_RISK_LOOKUP
            )
        ),
    )
    junior_requests, senior_requests = await asyncio.gather(
        section(context.portal.feedback.participant_requests(token, pair["junior_id"])),
        section(context.portal.feedback.participant_requests(token, pair["senior_id"])),
    )
    requests_failed = junior_requests.failure or senior_requests.failure
    feedback = feedback_of_pair(
        pair_id, (junior_requests.value or []) + (senior_requests.value or [])
    )
    this_health = next((h for h in health.value or [] if h.get("pair_id") == pair_id), None)
    return context.render(
        "admin/pair.html",
        header=program_header(program_id, program.value),
        tab="pairs",
        pair=pair,
        sessions=sessions,
        counts=attendance((sessions.value or {}).get("sessions", [])),
        health=health,
        this_health=this_health,
        feedback=feedback,
        requests_failed=requests_failed,
        end_reasons=END_REASONS,
        ended_reasons=ENDED_REASONS,
    )


@router.post("/pairs/{pair_id}/end")
async def end_pair(context: AdminForm, program_id: str, pair_id: str) -> Response:
    form = await context.request.form()
    given = form.get("reason")
    reason = given if isinstance(given, str) and given in END_REASONS else "admin"
    await context.portal.matching.end_pair(context.token, program_id, pair_id, reason)
    return RedirectResponse(
        f"/admin/programs/{program_id}/pairs/{pair_id}?ended=1", status_code=303
    )
