"""What the scheduling routes work with, built once by the composition root and kept on
`app.state.scheduling`; each route names the collaborators it needs as `Annotated` parameters.
Also who may see a pair's sessions, who acts on them as an admin, and the mapping of refusals
to HTTP errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.scheduling.application.commands import SessionCommands
from services.scheduling.application.ports import SeriesListing
from services.scheduling.application.queries import SessionQueries
from services.scheduling.domain.model import Series
from services.scheduling.domain.rules import SchedulingRefused, UnknownSession
from shared.http.auth import Forbidden, Principal
from shared.http.errors import ApiError
from shared.storage.audit import AuditTrail


@dataclass(frozen=True)
class SchedulingApi:
    """The reads, the commands, the program lists and the audit trail behind the HTTP API."""

    queries: SessionQueries
    commands: SessionCommands
    lists: SeriesListing
    audit: AuditTrail


STATE_NAME = "scheduling"


def scheduling_api(request: Request) -> SchedulingApi:
    api: SchedulingApi = getattr(request.app.state, STATE_NAME)
    return api


def _queries(api: Annotated[SchedulingApi, Depends(scheduling_api)]) -> SessionQueries:
    return api.queries


def _commands(api: Annotated[SchedulingApi, Depends(scheduling_api)]) -> SessionCommands:
    return api.commands


def _lists(api: Annotated[SchedulingApi, Depends(scheduling_api)]) -> SeriesListing:
    return api.lists


def _audit(api: Annotated[SchedulingApi, Depends(scheduling_api)]) -> AuditTrail:
    return api.audit


Queries = Annotated[SessionQueries, Depends(_queries)]
Commands = Annotated[SessionCommands, Depends(_commands)]
Lists = Annotated[SeriesListing, Depends(_lists)]
Audit = Annotated[AuditTrail, Depends(_audit)]


@contextmanager
def as_http_errors() -> Iterator[None]:
    try:
        yield
    except UnknownSession as refused:
        raise ApiError(404, refused.code, refused.message) from None
    except SchedulingRefused as refused:
        raise ApiError(409 if refused.conflict else 422, refused.code, refused.message) from None


async def may_see(queries: SessionQueries, principal: Principal, series: Series) -> bool:
    if principal.is_participant(series.junior_id) or principal.is_participant(series.senior_id):
        return True
    return principal.administers(series.program_id, await queries.region_of(series.program_id))


async def authorize(queries: SessionQueries, principal: Principal, series: Series) -> None:
    if not await may_see(queries, principal, series):
        raise Forbidden("only the pair and its program's admins may use these sessions")


async def acting_admin(
    queries: SessionQueries, principal: Principal, series: Series
) -> Principal | None:
    """The principal, if they administer the pair's program: their commands on its sessions
    are admin actions, recorded on the program's audit trail. None for a participant."""
    region = await queries.region_of(series.program_id)
    return principal if principal.administers(series.program_id, region) else None
