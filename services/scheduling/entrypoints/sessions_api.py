"""A pair's sessions: read them and their invitations, move, cancel, complete, cancel the rest.

Who may do what: the two members of a pair and the admins of its program (by program or by
region) read and change that pair's sessions; platform admins everything; anyone else 403.
An admin's change goes on the program's audit trail (`audit_api`, `application.admin_audit`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response

from services.scheduling.application.ports import SeriesListing
from services.scheduling.application.queries import SessionQueries
from services.scheduling.domain.model import Session, SessionStatus
from services.scheduling.entrypoints.dependencies import (
    Commands,
    Lists,
    Queries,
    acting_admin,
    as_http_errors,
    authorize,
    may_see,
)
from services.scheduling.entrypoints.request_parts import (
    ERRORS,
    CompletionRequestBody,
    PairId,
    ParticipantId,
    RescheduleRequestBody,
    SessionId,
)
from services.scheduling.entrypoints.schemas import CancelledSessions, SeriesView, SessionView
from shared.http.auth import CurrentPrincipal, Forbidden, Principal

_ADMINS = frozenset({"platform_admin", "program_admin"})

router = APIRouter(tags=["sessions"], responses=ERRORS)


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
