"""Pair health and insights: a program's pairs by health (its admins), a program's insights
and a region's (or a cohort's) insights across the programs the caller administers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from services.feedback.entrypoints.dependencies import Insights, Lists
from services.feedback.entrypoints.insights_csv import render_csv
from services.feedback.entrypoints.request_parts import (
    ERRORS,
    Format,
    Identifier,
    administered_program,
)
from services.feedback.entrypoints.schemas import InsightsOut, PairHealthOut, PairHealthPage
from shared.http.auth import CurrentPrincipal, Forbidden
from shared.http.pagination import Cursor, CursorCodec, Limit, page_of
from shared.http.strict_body import QueryFlag

_PAIR_HEALTH = CursorCodec("feedback.pair_health")
router = APIRouter(tags=["feedback"], responses=ERRORS)


@router.get("/programs/{program_id}/pair-health", response_model=PairHealthPage)
async def pair_health(
    program_id: str,
    principal: CurrentPrincipal,
    insights: Insights,
    lists: Lists,
    at_risk_only: Annotated[QueryFlag, Query(description="only pairs at risk now")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PairHealthPage:
    """The health of the program's active pairs, by pair id."""
    await administered_program(insights, principal, program_id)
    filters = {"program": program_id, "at_risk_only": at_risk_only}
    after = _PAIR_HEALTH.decode(cursor, filters, 1)
    found, total = await lists.pair_health(
        program_id,
        at_risk_only=at_risk_only,
        after=str(after[0]) if after else None,
        limit=limit,
    )
    page = page_of(
        found,
        limit=limit,
        total=total,
        position_of=lambda pair: (pair.pair_id,),
        view=PairHealthOut.of,
        codec=_PAIR_HEALTH,
        filters=filters,
    )
    return PairHealthPage(items=page.items, next_cursor=page.next_cursor, total=total)


@router.get(
    "/programs/{program_id}/insights",
    response_model=InsightsOut,
    responses={200: {"content": {"text/csv": {}}}},
)
async def program_insights(
    program_id: str, principal: CurrentPrincipal, insights: Insights, format: Format = "json"
) -> Any:
    policy = await administered_program(insights, principal, program_id)
    report = await insights.for_program(policy)
    if format == "csv":
        return PlainTextResponse(render_csv(report), media_type="text/csv")
    return InsightsOut.model_validate(report, from_attributes=True)


@router.get("/insights", response_model=InsightsOut, responses={200: {"content": {"text/csv": {}}}})
async def region_insights(
    principal: CurrentPrincipal,
    region: Identifier,
    insights: Insights,
    cohort: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    format: Format = "json",
) -> Any:
    programs = [
        p
        for p in await insights.programs_in(region, cohort)
        if principal.administers(p.program_id, p.region)
    ]
    if not programs and not (principal.is_platform_admin or region in principal.regions):
        raise Forbidden("not an admin of this region")
    report = await insights.for_region(programs, region=region, cohort=cohort)
    if format == "csv":
        return PlainTextResponse(render_csv(report), media_type="text/csv")
    return InsightsOut.model_validate(report, from_attributes=True)
