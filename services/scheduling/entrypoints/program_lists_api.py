"""A program's series by page and its schedule figures, for the program's admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.scheduling.domain.model import SeriesStatus, SessionStatus
from services.scheduling.entrypoints.dependencies import Lists, Queries
from services.scheduling.entrypoints.request_parts import ERRORS, ProgramId
from services.scheduling.entrypoints.schemas import ScheduleSummary, SeriesPage, SeriesView
from shared.http.auth import CurrentPrincipal
from shared.http.pagination import Cursor, CursorCodec, Limit, page_of

_SERIES = CursorCodec("scheduling.series")

router = APIRouter(tags=["sessions"], responses=ERRORS)


@router.get("/programs/{program_id}/series", response_model=SeriesPage)
async def program_series(
    program_id: ProgramId,
    principal: CurrentPrincipal,
    queries: Queries,
    lists: Lists,
    status: Annotated[SeriesStatus | None, Query()] = None,
    participant: Annotated[
        str | None, Query(min_length=1, max_length=128, description="junior or senior id")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> SeriesPage:
    """The program's series with their sessions, by pair id (admins of the program)."""
    principal.require_admin_of(program_id, await queries.region_of(program_id))
    filters = {"program": program_id, "status": status, "participant": participant}
    after = _SERIES.decode(cursor, filters, 1)
    found, total = await lists.page(
        program_id,
        status=status,
        participant=participant,
        after=str(after[0]) if after else None,
        limit=limit,
    )
    page = page_of(
        found,
        limit=limit,
        total=total,
        position_of=lambda series: (series.pair_id,),
        view=SeriesView.of,
        codec=_SERIES,
        filters=filters,
    )
    return SeriesPage(items=page.items, next_cursor=page.next_cursor, total=total)


@router.get("/programs/{program_id}/schedule-summary", response_model=ScheduleSummary)
async def schedule_summary(
    program_id: ProgramId, principal: CurrentPrincipal, queries: Queries, lists: Lists
) -> ScheduleSummary:
    """Sessions planned, held, missed and cancelled, and series by status."""
    principal.require_admin_of(program_id, await queries.region_of(program_id))
    figures = await lists.figures(program_id)
    sessions = figures.sessions_by_status
    return ScheduleSummary(
        program_id=program_id,
        sessions_planned=sessions.get(SessionStatus.SCHEDULED.value, 0),
        sessions_held=sessions.get(SessionStatus.COMPLETED.value, 0),
        sessions_missed=sessions.get(SessionStatus.MISSED.value, 0),
        sessions_cancelled=sessions.get(SessionStatus.CANCELLED.value, 0),
        series_by_status=figures.series_by_status,
        series_unschedulable=figures.series_by_status.get(SeriesStatus.UNSCHEDULABLE.value, 0),
    )
