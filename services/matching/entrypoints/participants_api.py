"""Participants of a program: join, import, read, update, withdraw and erase."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.matching.application.participants import ERASED, JoinOutcome
from services.matching.entrypoints.dependencies import Audit, Participants, Reads
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.list_api import ERRORS
from services.matching.entrypoints.request_parts import (
    BulkJoinBody,
    CorrelationHeader,
    ParticipantProfileBody,
    correlation_of,
)
from services.matching.entrypoints.schemas import ParticipantView, RowOutcome
from shared.events import ParticipantProfile
from shared.http.auth import CurrentPrincipal
from shared.http.errors import Conflict, Unprocessable

PARTICIPANT = "/{program_id}/participants/{participant_id:participant_segment}"

router = APIRouter(
    prefix="/programs", tags=["matching"], responses=ERRORS, route_class=MatchingRoute
)


def row_outcome(outcome: JoinOutcome) -> RowOutcome:
    return RowOutcome(
        participant_id=outcome.participant_id,
        status=outcome.status,
        problems=list(outcome.problems),
    )


@router.post(
    "/{program_id}/participants",
    status_code=201,
    response_model=RowOutcome,
    responses={200: {"model": RowOutcome, "description": "The same join again: nothing changed."}},
)
async def join(
    program_id: str,
    body: ParticipantProfileBody,
    principal: CurrentPrincipal,
    response: Response,
    correlation: CorrelationHeader,
    reads: Reads,
    participants: Participants,
    audit: Audit,
) -> RowOutcome:
    await reads.admin_program(principal, program_id)
    try:
        [outcome] = await participants.join_many(program_id, [body], correlation_of(correlation))
    finally:
        reads.directory.changed(program_id)
    if outcome.status == "rejected" and outcome.problems == [ERASED]:
        raise Conflict("participant_erased", ERASED)
    if outcome.status == "rejected":
        raise Unprocessable("participant_conflict", outcome.problems[0])
    if outcome.status == "unchanged":
        response.status_code = 200
    else:
        await audit.record(
            principal,
            "participant.joined",
            program_id,
            unit=correlation,
            target=body.participant_id,
            subjects=(body.participant_id,),
        )
    return row_outcome(outcome)


@router.post("/{program_id}/participants/bulk", response_model=list[RowOutcome])
async def join_many(
    program_id: str,
    body: BulkJoinBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    participants: Participants,
    audit: Audit,
) -> list[RowOutcome]:
    await reads.admin_program(principal, program_id)
    try:
        outcomes = await participants.join_many(
            program_id, body.participants, correlation_of(correlation)
        )
    finally:
        reads.directory.changed(program_id)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("joined", "rejected")}
    await audit.record(
        principal, "participants.imported", program_id, unit=correlation, changes=counts
    )
    return [row_outcome(o) for o in outcomes]


@router.get(PARTICIPANT, response_model=ParticipantView)
async def get_participant(
    program_id: str, participant_id: str, principal: CurrentPrincipal, reads: Reads
) -> ParticipantView:
    doc = await reads.readable_participant(principal, program_id, participant_id)
    return ParticipantView(
        program_id=program_id,
        status=doc["status"],
        profile_version=doc["profile_version"],
        participant=ParticipantProfile.model_validate(doc["profile"]) if "profile" in doc else None,
    )


@router.put(PARTICIPANT, response_model=ParticipantView)
async def update_participant(
    program_id: str,
    participant_id: str,
    body: ParticipantProfileBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    participants: Participants,
    audit: Audit,
) -> ParticipantView:
    await reads.readable_participant(principal, program_id, participant_id)
    if body.participant_id != participant_id:
        raise Unprocessable("id_mismatch", "participant_id in the body differs from the path")
    try:
        doc = await participants.update(program_id, body, correlation_of(correlation))
    finally:
        reads.directory.changed(program_id)
    await audit.record(
        principal,
        "participant.updated",
        program_id,
        unit=correlation,
        target=participant_id,
        subjects=(participant_id,),
        changes={"profile_version": doc["profile_version"]},
    )
    return ParticipantView(
        program_id=program_id,
        status=doc["status"],
        profile_version=doc["profile_version"],
        participant=body,
    )


@router.post("/{program_id}/participants/{participant_id}/withdraw", status_code=204)
async def withdraw(
    program_id: str,
    participant_id: str,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    participants: Participants,
    audit: Audit,
) -> None:
    await reads.readable_participant(principal, program_id, participant_id)
    try:
        await participants.withdraw(program_id, participant_id, correlation_of(correlation))
    finally:
        reads.directory.changed(program_id)
        reads.pair_cache.changed(program_id)
    await audit.record(
        principal,
        "participant.withdrawn",
        program_id,
        unit=correlation,
        target=participant_id,
        subjects=(participant_id,),
    )


@router.delete(PARTICIPANT, status_code=204)
async def erase(
    program_id: str,
    participant_id: str,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    reads: Reads,
    participants: Participants,
    audit: Audit,
) -> None:
    await reads.readable_participant(principal, program_id, participant_id)
    try:
        await participants.erase(program_id, participant_id, correlation_of(correlation))
    finally:
        reads.directory.changed(program_id)
        reads.pair_cache.changed(program_id)
    await audit.erased(principal, program_id, participant_id, correlation)
