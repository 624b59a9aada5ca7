"""Matching rounds: run one (dry run or real), review its proposal side by side, approve it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.failures import NotFound
from services.portal.domain.round_review import review_of
from services.portal.entrypoints.admin.program_page import program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, section

router = APIRouter(prefix="/admin/programs/{program_id}")
PAIRS_PER_PAGE = 50
DRY_RUN_SHOWN = 200


@router.get("/matching")
async def matching_page(context: AdminPage, program_id: str) -> Response:
    program, rounds = await asyncio.gather(
        context.portal.matching.get_program(context.token, program_id),
        section(context.portal.matching.list_rounds(context.token, program_id, limit=20)),
    )
    return context.render(
        "admin/matching.html",
        header=program_header(program_id, program),
        tab="matching",
        program=program,
        rounds=rounds,
    )


@router.post("/matching/run")
async def run_round(context: AdminForm, program_id: str) -> Response:
    form = await context.request.form()
    dry_run = form.get("mode") != "real"
    result = await context.portal.matching.run_round(context.token, program_id, dry_run=dry_run)
    if not dry_run:
        return RedirectResponse(
            f"/admin/programs/{program_id}/rounds/{result['round_id']}", status_code=303
        )
    # A dry run is not kept by the service: its proposal is shown from this answer.
    review = review_of(result)
    program = await section(context.portal.matching.get_program(context.token, program_id))
    return context.render(
        "admin/round.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=review,
        shown=review.pairs[:DRY_RUN_SHOWN],
        page=1,
        pages=1,
        approved=None,
    )


@router.get("/rounds/{round_id}")
async def round_page(
    context: AdminPage,
    program_id: str,
    round_id: str,
    page: int = Query(default=1, ge=1, le=100_000),
) -> Response:
    program, found = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        context.portal.matching.get_round(context.token, program_id, round_id),
    )
    review = review_of(found)
    start = (page - 1) * PAIRS_PER_PAGE
    shown = review.pairs[start : start + PAIRS_PER_PAGE]
    pages = max(1, -(-len(review.pairs) // PAIRS_PER_PAGE))
    return context.render(
        "admin/round.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=review,
        shown=shown,
        page=page,
        pages=pages,
        approved=context.request.query_params.get("approved"),
    )


@router.get("/rounds/{round_id}/pairs/{pair_id}")
async def compare_pair(
    context: AdminPage, program_id: str, round_id: str, pair_id: str
) -> Response:
    found = await context.portal.matching.get_round(context.token, program_id, round_id)
    review = review_of(found)
    pair = next((p for p in review.pairs if p.get("pair_id") == pair_id), None)
    if pair is None:
        raise NotFound("matching", "pair_not_in_round")
    program, junior, senior = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        section(
            context.portal.matching.get_participant(context.token, program_id, pair["junior_id"])
        ),
        section(
            context.portal.matching.get_participant(context.token, program_id, pair["senior_id"])
        ),
    )
    return context.render(
        "admin/compare.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=review,
        pair=pair,
        junior=junior,
        senior=senior,
    )


@router.get("/compare")
async def compare_people(
    context: AdminPage,
    program_id: str,
    junior: str = Query(min_length=1, max_length=128),
    senior: str = Query(min_length=1, max_length=128),
) -> Response:
    """Two people side by side, for a pair of a dry run (which the service does not keep)."""
    program, junior_view, senior_view = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        section(context.portal.matching.get_participant(context.token, program_id, junior)),
        section(context.portal.matching.get_participant(context.token, program_id, senior)),
    )
    pair: dict[str, object] = {"junior_id": junior, "senior_id": senior, "reasons": []}
    return context.render(
        "admin/compare.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=None,
        pair=pair,
        junior=junior_view,
        senior=senior_view,
    )


@router.post("/rounds/{round_id}/approve")
async def approve_round(context: AdminForm, program_id: str, round_id: str) -> Response:
    form = await context.request.form()
    chosen = [v for v in form.getlist("pair_ids") if isinstance(v, str)]
    everything = form.get("scope") == "all"
    approved = await context.portal.matching.approve_round(
        context.token, program_id, round_id, None if everything else chosen
    )
    return RedirectResponse(
        f"/admin/programs/{program_id}/rounds/{round_id}?approved={len(approved)}",
        status_code=303,
    )
