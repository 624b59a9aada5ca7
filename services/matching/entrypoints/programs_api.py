"""Programs: launch, read, change settings and policy, and the policy's history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.matching.entrypoints.dependencies import Audit, Programs, Reads
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.list_api import ERRORS
from services.matching.entrypoints.request_parts import (
    CorrelationHeader,
    ProgramChangeBody,
    ProgramLaunchBody,
    correlation_of,
)
from services.matching.entrypoints.schemas import ProgramView
from shared.http.auth import CurrentPrincipal

router = APIRouter(
    prefix="/programs", tags=["matching"], responses=ERRORS, route_class=MatchingRoute
)


@router.post("", status_code=201, response_model=ProgramView)
async def launch_program(
    body: ProgramLaunchBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    programs: Programs,
    audit: Audit,
) -> ProgramView:
    principal.require_admin_of(body.program_id, body.settings.region)
    launched = await programs.launch(
        body.program_id, body.settings, body.policy, correlation_of(correlation)
    )
    await audit.record(principal, "program.launched", body.program_id, unit=correlation)
    return await reads.program_view(launched)


@router.get("/{program_id}", response_model=ProgramView)
async def get_program(program_id: str, principal: CurrentPrincipal, reads: Reads) -> ProgramView:
    return await reads.program_view(await reads.admin_program(principal, program_id))


@router.patch("/{program_id}", response_model=ProgramView)
async def change_program(
    program_id: str,
    body: ProgramChangeBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    programs: Programs,
    audit: Audit,
) -> ProgramView:
    program = await reads.admin_program(principal, program_id)
    if body.settings is not None:
        principal.require_admin_of(program_id, body.settings.region)
    changed = await programs.change(
        program_id, correlation_of(correlation), settings=body.settings, policy=body.policy
    )
    await audit.program_changed(principal, program, changed, correlation)
    return await reads.program_view(await reads.store.get_program(program_id) or program)


@router.get("/{program_id}/policy/history")
async def policy_history(
    program_id: str, principal: CurrentPrincipal, reads: Reads
) -> list[dict[str, Any]]:
    program = await reads.admin_program(principal, program_id)
    return [
        {"version": h["version"], "policy": h["policy"], "at": h["at"].isoformat()}
        for h in program.get("policy_history", [])
    ]
