"""Matching rounds: run one (dry run or real), review its proposal side by side, approve it."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from services.portal.application.ports import MatchingApi
from services.portal.domain.failures import NotFound
from services.portal.domain.paging import MAX_LIMIT, page_links, split_trail
from services.portal.domain.round_review import review_of, review_of_summary, with_reasons_ranked
from services.portal.domain.round_ticks import keep, kept_for, left_out_after, to_approve
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")
PAIRS_PER_PAGE = 50
DRY_RUN_SHOWN = 200
PAGE_FIELDS = ("cursor", "trail")


@router.get("/matching")
async def matching_page(context: AdminPage, program_id: str) -> Response:
    found, rounds = await asyncio.gather(
        header_program(context, program_id),
        section(context.portal.matching.list_rounds(context.token, program_id, limit=20)),
    )
    if found.failure is not None:
        raise found.failure  # no such program, or not theirs: the whole page says so
    return context.render(
        "admin/matching.html",
        header=program_header(program_id, found.value),
        tab="matching",
        program=found.value,
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
    program = await header_program(context, program_id)
    return context.render(
        "admin/round.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=review,
        shown=review.pairs[:DRY_RUN_SHOWN],
        links=None,
        left_out=set(),
        approved=None,
    )


@router.get("/rounds/{round_id}")
async def round_page(
    context: AdminPage,
    program_id: str,
    round_id: str,
    cursor: str | None = Query(default=None, max_length=2000),
    trail: str | None = Query(default=None, max_length=20000),
) -> Response:
    """The round's figures and one page of its pairs, best score first."""
    matching = context.portal.matching
    program, summary, pairs = await asyncio.gather(
        header_program(context, program_id),
        matching.round_summary(context.token, program_id, round_id),
        matching.round_pairs(
            context.token, program_id, round_id, limit=PAIRS_PER_PAGE, cursor=cursor, filters={}
        ),
    )
    review = review_of_summary(summary, pairs.items)
    links = page_links(
        path=f"/admin/programs/{program_id}/rounds/{round_id}",
        filters={},
        cursor=cursor,
        trail=split_trail(trail),
        next_cursor=pairs.next_cursor,
        shown=len(pairs.items),
        limit=PAIRS_PER_PAGE,
        total=pairs.total,
    )
    session = context.session
    return context.render(
        "admin/round.html",
        header=program_header(program_id, program.value),
        tab="matching",
        review=review,
        shown=review.pairs,
        links=links,
        left_out=kept_for(session.left_out if session else None, round_id),
        approved=context.request.query_params.get("approved"),
    )


@router.get("/rounds/{round_id}/pairs/{pair_id}")
async def compare_pair(
    context: AdminPage, program_id: str, round_id: str, pair_id: str
) -> Response:
    pair = await context.portal.matching.get_pair(context.token, program_id, pair_id)
    if pair.get("round_id") != round_id:
        raise NotFound("matching", "pair_not_in_round")
    program, junior, senior = await asyncio.gather(
        header_program(context, program_id),
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
        review={"round_id": round_id},
        pair=with_reasons_ranked(pair),
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
        header_program(context, program_id),
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


async def _left_out_after_form(context: PageContext, round_id: str) -> set[str]:
    """What the session keeps left out of the round, updated with this page's ticks."""
    form = await context.request.form()
    shown = [v for v in form.getlist("shown") if isinstance(v, str)]
    ticked = [v for v in form.getlist("pair_ids") if isinstance(v, str)]
    session = context.session
    previous = kept_for(session.left_out if session else None, round_id)
    left_out = left_out_after(previous, shown=shown, ticked=ticked)
    if session is not None and left_out != previous:
        await context.portal.flow.remember_left_out(
            session, keep(session.left_out, round_id, left_out)
        )
    return left_out


@router.post("/rounds/{round_id}/ticks")
async def keep_ticks(context: AdminForm, program_id: str, round_id: str) -> Response:
    """The pager of a round awaiting approval: keeps this page's ticks, then turns the page."""
    await _left_out_after_form(context, round_id)
    go = (await context.request.form()).get("go")
    asked = parse_qs(urlsplit(go).query) if isinstance(go, str) else {}
    query = urlencode({k: asked[k][0] for k in PAGE_FIELDS if asked.get(k)})
    path = f"/admin/programs/{program_id}/rounds/{round_id}"
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


async def _proposed_pair_ids(
    matching: MatchingApi, token: str, program_id: str, round_id: str
) -> list[str]:
    """Every pair of the round still waiting for approval, page by page."""
    found: list[str] = []
    cursor: str | None = None
    while True:
        page = await matching.round_pairs(
            token,
            program_id,
            round_id,
            limit=MAX_LIMIT,
            cursor=cursor,
            filters={"status": "proposed"},
        )
        found.extend(str(p["pair_id"]) for p in page.items)
        cursor = page.next_cursor
        if not cursor:
            return found


@router.post("/rounds/{round_id}/approve")
async def approve_round(context: AdminForm, program_id: str, round_id: str) -> Response:
    """Every pair, or every ticked pair on any page (all but those unticked)."""
    form = await context.request.form()
    left_out = await _left_out_after_form(context, round_id)
    chosen: list[str] | None = None
    if form.get("scope") != "all" and left_out:
        proposed = await _proposed_pair_ids(
            context.portal.matching, context.token, program_id, round_id
        )
        chosen = to_approve(proposed, left_out)
    approved = (
        await context.portal.matching.approve_round(context.token, program_id, round_id, chosen)
        if chosen is None or chosen
        else []
    )
    session = context.session
    if session is not None and session.left_out and round_id in session.left_out:
        await context.portal.flow.remember_left_out(
            session, keep(session.left_out, round_id, set())
        )
    return RedirectResponse(
        f"/admin/programs/{program_id}/rounds/{round_id}?approved={len(approved)}",
        status_code=303,
    )
