"""What a participant may read of their own programs: their memberships, a program's summary
and their partner's card (admins read these of the programs they administer)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter

from services.matching.entrypoints.access import admin_program, scope_of
from services.matching.entrypoints.dependencies import Lists, Store
from services.matching.entrypoints.list_views import partner_card, program_brief
from services.matching.entrypoints.schemas import Membership, PartnerCard, ProgramBrief
from shared.http.auth import CurrentPrincipal, Forbidden
from shared.http.errors import NotFound
from shared.http.paths import IdPath

ParticipantId = IdPath

# Tagged and documented by the list router it is included in (`list_api`).
router = APIRouter()


@router.get("/participants/{participant_id}/programs", response_model=list[Membership])
async def my_programs(
    participant_id: ParticipantId, principal: CurrentPrincipal, lists: Lists
) -> list[Membership]:
    """The programs this person is in, with their status there: for the person, and for
    admins (who see only the programs they administer)."""
    if not (principal.is_participant(participant_id) or not scope_of(principal).sees_nothing):
        raise Forbidden("participants only see their own programs")
    rows = await lists.memberships(participant_id)
    programs = await lists.programs_by_id([r["program_id"] for r in rows])
    found: list[Membership] = []
    for row in rows:
        program = programs.get(row["program_id"])
        if program is None:
            continue
        if not principal.is_participant(participant_id) and not principal.administers(
            program["_id"], program["settings"]["region"]
        ):
            continue
        found.append(
            Membership(
                program=program_brief(program),
                role=row["role"],
                status=row["status"],
                joined_at=row.get("joined_at"),
            )
        )
    return found


@router.get("/programs/{program_id}/summary", response_model=ProgramBrief)
async def program_summary(
    program_id: str, principal: CurrentPrincipal, store: Store
) -> ProgramBrief:
    """A program's name and public settings, for its participants and admins."""
    program = await store.get_program(program_id)
    if (
        program is not None
        and "participant" in principal.roles
        and await store.get_participant(program_id, principal.subject) is not None
    ):
        return program_brief(program)
    return program_brief(await admin_program(store, principal, program_id))


@router.get("/programs/{program_id}/pairs/{pair_id}/partner", response_model=PartnerCard)
async def partner(
    program_id: str, pair_id: str, principal: CurrentPrincipal, store: Store
) -> PartnerCard:
    """The other member's public card, for a member of the pair (admins: the senior's
    card is not this route's purpose; they read participants directly)."""
    pair = await store.get_pair(program_id, pair_id)
    if pair is None or pair["status"] == "proposed":
        raise NotFound("pair")
    members = (pair["junior_id"], pair["senior_id"])
    if not ("participant" in principal.roles and principal.subject in members):
        raise Forbidden("only the members of this pair see their partner's card")
    other = members[1] if principal.subject == members[0] else members[0]
    doc, mine = await asyncio.gather(
        store.get_participant(program_id, other),
        store.get_participant(program_id, principal.subject),
    )
    if doc is None:
        raise NotFound("participant")
    return partner_card(doc, mine, datetime.now(UTC).date())
