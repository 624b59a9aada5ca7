"""The scheduling HTTP API: read sessions and invitations, move, cancel, complete.

Who may do what: the two members of a pair and the admins of its program (by program or by
region) read and change that pair's sessions; platform admins everything; anyone else 403.
An admin's change goes on the program's audit trail (`audit_api`, `application.admin_audit`).

The routes live at module level and take their collaborators as `Annotated` dependencies
(`dependencies.py`), which read the `SchedulingApi` the composition root keeps on `app.state`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.scheduling.application.ports import SeriesListing
from services.scheduling.application.queries import SessionQueries
from services.scheduling.domain.model import SeriesStatus, Session, SessionStatus
from services.scheduling.entrypoints.dependencies import (
    STATE_NAME,
    Commands,
    Lists,
    Queries,
    SchedulingApi,
    acting_admin,
    as_http_errors,
    authorize,
    may_see,
)
from services.scheduling.entrypoints.schemas import (
    CancelledSessions,
    CompletionRequest,
    RescheduleRequest,
    ScheduleSummary,
    SeriesPage,
    SeriesView,
    SessionView,
)
from shared.http.auth import CurrentPrincipal, Forbidden, Principal
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, CursorCodec, Limit, page_of
from shared.http.strict_body import strict_json

_ID = r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$"
PairId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
SessionId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
ParticipantId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
ProgramId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
RescheduleRequestBody = Annotated[RescheduleRequest, strict_json(RescheduleRequest)]
CompletionRequestBody = Annotated[CompletionRequest, strict_json(CompletionRequest)]
_SERIES = CursorCodec("scheduling.series")
_ADMINS = frozenset({"platform_admin", "program_admin"})

__all__ = ["STATE_NAME", "SchedulingApi", "router"]

router = APIRouter(tags=["sessions"], responses=error_responses(401, 403, 404, 409, 422, 503))


@router.get("/pairs/{pair_id}/sessions", response_model=SeriesView)
async def read_series(pair_id: PairId, principal: CurrentPrincipal, queries: Queries) -> SeriesView:
    with as_http_errors():
        series = await queries.pair(pair_id)
    await authorize(queries, principal, series)
    return SeriesView.of(series)


@router.get("/sessions/{session_id}", response_model=SessionView)
async def read_session(
    session_id: SessionId, principal: CurrentPrincipal, queries: Queries
) -> SessionView:
    with as_http_errors():
        series, session = await queries.session(session_id)
    await authorize(queries, principal, series)
    return SessionView.of(series, session)


@router.get(
    "/sessions/{session_id}/invitation.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def read_invitation(
    session_id: SessionId, principal: CurrentPrincipal, queries: Queries
) -> Response:
    with as_http_errors():
        series, session = await queries.session(session_id)
    await authorize(queries, principal, series)
    method = "CANCEL" if session.status is SessionStatus.CANCELLED else "REQUEST"
    return Response(
        content=await queries.invitation(series, session),
        media_type=f"text/calendar; charset=utf-8; method={method}",
        headers={"Content-Disposition": f'attachment; filename="{session_id}.ics"'},
    )


@router.post("/sessions/{session_id}/reschedule", response_model=SessionView)
async def reschedule(
    session_id: SessionId,
    body: RescheduleRequestBody,
    principal: CurrentPrincipal,
    queries: Queries,
    commands: Commands,
    lists: Lists,
) -> SessionView:
    return await _on_session(
        session_id,
        principal,
        queries,
        lists,
        lambda admin: commands.reschedule(session_id, start=body.start, admin=admin),
    )


@router.post("/sessions/{session_id}/cancel", response_model=SessionView)
async def cancel(
    session_id: SessionId,
    principal: CurrentPrincipal,
    queries: Queries,
    commands: Commands,
    lists: Lists,
) -> SessionView:
    return await _on_session(
        session_id,
        principal,
        queries,
        lists,
        lambda admin: commands.cancel(session_id, admin=admin),
    )


@router.post("/sessions/{session_id}/complete", response_model=SessionView)
async def complete(
    session_id: SessionId,
    body: CompletionRequestBody,
    principal: CurrentPrincipal,
    queries: Queries,
    commands: Commands,
    lists: Lists,
) -> SessionView:
    return await _on_session(
        session_id,
        principal,
        queries,
        lists,
        lambda admin: commands.complete(session_id, body.to_domain(), admin=admin),
    )


@router.post("/pairs/{pair_id}/sessions/cancel-remaining", response_model=CancelledSessions)
async def cancel_remaining(
    pair_id: PairId, principal: CurrentPrincipal, queries: Queries, commands: Commands, lists: Lists
) -> CancelledSessions:
    with as_http_errors():
        series = await queries.pair(pair_id)
        await authorize(queries, principal, series)
        admin = await acting_admin(queries, principal, series)
        try:
            cancelled = await commands.cancel_remaining(pair_id, admin=admin)
        finally:
            lists.changed(series.program_id)
    return CancelledSessions(cancelled=[SessionView.of(series, s) for s in cancelled])


@router.get("/participants/{participant_id}/sessions", response_model=list[SeriesView])
async def participant_series(
    participant_id: ParticipantId, principal: CurrentPrincipal, queries: Queries
) -> list[SeriesView]:
    if not (principal.is_participant(participant_id) or principal.roles & _ADMINS):
        raise Forbidden("participants only see their own sessions")
    found = await queries.of_participant(participant_id)
    return [SeriesView.of(s) for s in found if await may_see(queries, principal, s)]


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


async def _on_session(
    session_id: str,
    principal: Principal,
    queries: SessionQueries,
    lists: SeriesListing,
    command: Callable[[Principal | None], Awaitable[Session]],
) -> SessionView:
    """A command on one session by someone who may use it (as an admin, or not); the program's
    lists see the change (even one a failing command left half made)."""
    with as_http_errors():
        series, _ = await queries.session(session_id)
        await authorize(queries, principal, series)
        admin = await acting_admin(queries, principal, series)
        try:
            changed = await command(admin)
        finally:
            lists.changed(series.program_id)
    return SessionView.of(series, changed)
