"""Matching rounds: run one (or a dry run), read it, approve its proposed pairs."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.entrypoints.dependencies import Audit, Pairs, Reads, Rounds
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.list_api import ERRORS
from services.matching.entrypoints.list_views import pair_view, round_view
from services.matching.entrypoints.request_parts import (
    ApproveRequestBody,
    CorrelationHeader,
    RoundRequestBody,
    correlation_of,
)
from services.matching.entrypoints.schemas import PairView, RoundView
from shared.http.auth import CurrentPrincipal
from shared.http.errors import NotFound, Unprocessable

router = APIRouter(
    prefix="/programs", tags=["matching"], responses=ERRORS, route_class=MatchingRoute
)


@router.post("/{program_id}/rounds", response_model=RoundView)
async def run_round(
    program_id: str,
    body: RoundRequestBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    rounds: Rounds,
    audit: Audit,
) -> RoundView:
    program = await reads.admin_program(principal, program_id)
    if body.policy is not None and not body.dry_run:
        raise Unprocessable("policy_needs_dry_run", "a policy can be tried in a dry run only")
    trial = None
    if body.policy is not None:  # a policy tried before it is saved
        trial = {**program, "policy": body.policy.model_dump(mode="json")}
    try:
        doc = await rounds.run(
            program_id,
            dry_run=body.dry_run,
            correlation_id=correlation_of(correlation),
            program=trial,
        )
    finally:
        if not body.dry_run:  # the lists see the round (or what a failure left of it)
            reads.pair_cache.changed(program_id)
    if not body.dry_run:
        await audit.record(
            principal,
            "round.run",
            program_id,
            unit=correlation,
            target=str(doc["_id"]),
            changes={
                "round_number": doc.get("round_number"),
                "status": doc.get("status"),
                "pairs": len(doc.get("pair_ids") or []),
            },
        )
    pair_docs = doc.get("pairs") or [
        p
        for p in await reads.store.pairs_of_program(program_id, ["proposed", "active"])
        if p["round_id"] == doc["_id"]
    ]
    return round_view(doc, pair_docs)


@router.get("/{program_id}/rounds/{round_id}", response_model=RoundView)
async def get_round(
    program_id: str, round_id: str, principal: CurrentPrincipal, reads: Reads
) -> RoundView:
    await reads.admin_program(principal, program_id)
    doc = await reads.store.get_round(program_id, round_id)
    if doc is None:
        raise NotFound("round")
    statuses = ["proposed", "active", "ended", "rejected"]
    pair_docs = [
        p
        for p in await reads.store.pairs_of_program(program_id, statuses)
        if p["round_id"] == round_id
    ]
    return round_view(doc, pair_docs)


@router.post("/{program_id}/rounds/{round_id}/approve", response_model=list[PairView])
async def approve(
    program_id: str,
    round_id: str,
    body: ApproveRequestBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    pairs: Pairs,
    audit: Audit,
) -> list[PairView]:
    await reads.admin_program(principal, program_id)
    try:
        approved = await pairs.approve(
            program_id, round_id, body.pair_ids, correlation_of(correlation)
        )
    finally:
        reads.pair_cache.changed(program_id)
    await audit.record(
        principal,
        "round.approved",
        program_id,
        unit=correlation,
        target=round_id,
        changes={"pairs_approved": len(approved)},
    )
    return [pair_view(p) for p in approved]
