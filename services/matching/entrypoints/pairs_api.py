"""One pair: read it (its members and the program's admins), and end it (admins)."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.entrypoints.dependencies import Audit, Pairs, Reads
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.list_api import ERRORS
from services.matching.entrypoints.list_views import pair_view
from services.matching.entrypoints.request_parts import (
    CorrelationHeader,
    EndPairBody,
    correlation_of,
)
from services.matching.entrypoints.schemas import PairView
from shared.http.auth import CurrentPrincipal
from shared.http.errors import NotFound

router = APIRouter(
    prefix="/programs", tags=["matching"], responses=ERRORS, route_class=MatchingRoute
)


@router.get("/{program_id}/pairs/{pair_id}", response_model=PairView)
async def get_pair(
    program_id: str, pair_id: str, principal: CurrentPrincipal, reads: Reads
) -> PairView:
    pair = await reads.store.get_pair(program_id, pair_id)
    member = pair is not None and principal.subject in (pair["junior_id"], pair["senior_id"])
    if not (member and "participant" in principal.roles):
        await reads.admin_program(principal, program_id)
    if pair is None:
        raise NotFound("pair")
    return pair_view(pair)


@router.post("/{program_id}/pairs/{pair_id}/end", response_model=PairView)
async def end_pair(
    program_id: str,
    pair_id: str,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    pairs: Pairs,
    audit: Audit,
    body: EndPairBody | None = None,
) -> PairView:
    await reads.admin_program(principal, program_id)
    reason = body.reason if body is not None else "admin"
    try:
        ended = await pairs.end(program_id, pair_id, reason, correlation_of(correlation))
    finally:
        reads.pair_cache.changed(program_id)
    await audit.record(
        principal,
        "pair.ended",
        program_id,
        unit=correlation,
        target=pair_id,
        changes={"reason": reason},
        subjects=(ended["junior_id"], ended["senior_id"]),
    )
    return pair_view(ended)
