"""Invitations: admins invite people of the company directory into a program; each person
reads their open invitations and accepts (joining on the admin's terms) or declines."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import Field

from services.matching.domain.enrolment import EnrolmentTerms
from services.matching.entrypoints import access
from services.matching.entrypoints.dependencies import Audit, Invite, Store
from services.matching.entrypoints.enrolment_api import EnrolmentBody
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.list_views import program_brief
from services.matching.entrypoints.member_api import ParticipantId
from services.matching.entrypoints.request_parts import CorrelationHeader, correlation_of
from services.matching.entrypoints.schemas import ProgramBrief, RowOutcome, Strict
from shared.http.auth import CurrentPrincipal, Forbidden, Principal
from shared.http.error_docs import error_responses


class InviteOutcomeView(Strict):
    person_id: str
    status: Literal["invited", "unchanged", "rejected"]
    problems: list[str] = []


class InvitationResult(Strict):
    items: list[InviteOutcomeView] = Field(description="One per person asked, in the order asked")
    invited: int
    unchanged: int
    rejected: int


class InvitationView(Strict):
    program: ProgramBrief
    role: Literal["junior", "senior"]
    invited_at: datetime


router = APIRouter(
    tags=["enrolment"],
    responses=error_responses(401, 403, 404, 409, 422),
    route_class=MatchingRoute,
)


def _the_person(principal: Principal, person_id: str) -> None:
    if not principal.is_participant(person_id):
        raise Forbidden("only the person invited answers an invitation")


@router.post("/programs/{program_id}/invitations", response_model=InvitationResult)
async def invite(
    program_id: str,
    body: EnrolmentBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    store: Store,
    invitations: Invite,
    audit: Audit,
) -> InvitationResult:
    """Invite people of the company directory: each is told by email (a ParticipantInvited
    event), finds the invitation in the portal and joins on these terms by accepting it
    (name, email, language, time zone, department and location from the directory, as in an
    enrolment). An open invitation again is `unchanged` (and not announced again); someone in
    the program already, or not fit to enrol, is `rejected`."""
    await access.admin_program(store, principal, program_id)
    terms = EnrolmentTerms(
        role=body.role,
        seniority_level=body.seniority_level,
        department=body.department,
        location=body.location,
    )
    unit = correlation_of(correlation)
    outcomes = await invitations.invite(
        program_id, body.person_ids, terms, principal.subject, correlation_id=unit
    )
    counts = {s: sum(o.status == s for o in outcomes) for s in ("invited", "unchanged", "rejected")}
    await audit.record(
        principal,
        "participants.invited",
        program_id,
        unit=unit,
        changes={**counts, "role": body.role},
        subjects=[o.person_id for o in outcomes if o.status == "invited"],
    )
    return InvitationResult(
        items=[
            InviteOutcomeView(person_id=o.person_id, status=o.status, problems=list(o.problems))  # type: ignore[arg-type]
            for o in outcomes
        ],
        **counts,
    )


@router.get("/participants/{person_id}/invitations", response_model=list[InvitationView])
async def open_invitations(
    person_id: ParticipantId, principal: CurrentPrincipal, store: Store, invitations: Invite
) -> list[InvitationView]:
    """The person's open invitations (the person only), oldest first."""
    _the_person(principal, person_id)
    found: list[InvitationView] = []
    for invitation in await invitations.open_for(person_id):
        program = await store.get_program(invitation.program_id)
        if program is not None:
            found.append(
                InvitationView(
                    program=program_brief(program),
                    role=invitation.terms.role,  # type: ignore[arg-type]
                    invited_at=invitation.invited_at,
                )
            )
    return found


@router.post("/participants/{person_id}/invitations/{program_id}/accept", response_model=RowOutcome)
async def accept(
    person_id: ParticipantId,
    program_id: str,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    invitations: Invite,
    audit: Audit,
) -> RowOutcome:
    """Accept: the person joins the program on the invitation's terms (`joined`), or is told
    why not (`rejected`, e.g. the directory has no usable email for them any more)."""
    _the_person(principal, person_id)
    unit = correlation_of(correlation)
    outcome = await invitations.accept(person_id, program_id, unit)
    if outcome.status != "rejected":
        await audit.record(
            principal, "invitation.accepted", program_id, unit=unit, subjects=[person_id]
        )
    return RowOutcome(
        participant_id=outcome.participant_id, status=outcome.status, problems=outcome.problems
    )


@router.post("/participants/{person_id}/invitations/{program_id}/decline", status_code=204)
async def decline(
    person_id: ParticipantId,
    program_id: str,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    invitations: Invite,
    audit: Audit,
) -> Response:
    """Decline: the invitation closes; an admin may invite the person again later."""
    _the_person(principal, person_id)
    await invitations.decline(person_id, program_id)
    await audit.record(
        principal,
        "invitation.declined",
        program_id,
        unit=correlation_of(correlation),
        subjects=[person_id],
    )
    return Response(status_code=204)
