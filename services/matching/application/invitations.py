"""Invitations: an admin invites people of the company directory into a program; each person
finds their invitations in the portal and accepts (they join, on the admin's terms, through
the same enrolment as an admin's) or declines.

Someone already in the program, or not fit to enrol (not in the directory, not active, no
name or usable email), is not invited, with the reason; a person who stops being fit (a leaver)
is not offered the invitations still open. Inviting someone again while their
invitation is open changes nothing; after a decline, a new invitation opens again.

Each invitation that opens is announced (ParticipantInvited, written with the invitation and
published through its outbox), so notifications can tell the person where to answer it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from pydantic import ValidationError

from services.matching.application.enrolment import (
    DOES_NOT_FIT,
    DirectoryPeople,
    Enrolment,
    why_not_enrollable,
)
from services.matching.application.participants import JoinOutcome
from services.matching.domain.enrolment import DirectoryPerson, EnrolmentTerms, portal_locale
from services.matching.domain.errors import InvitationClosed, UnknownEntity
from services.matching.domain.invitations import Answer, Invitation
from shared.clock import Clock
from shared.events import ParticipantInvited
from shared.events.factory import for_entity
from shared.storage.mongo import Document

ALREADY_IN = "already in the program"


class InvitationStore(Protocol):
    async def open_or_reopen(self, invitation: Invitation, announce: ParticipantInvited) -> bool:
        """Store it unless an open or accepted invitation exists, and publish `announce` if
        stored (through the invitation's outbox); True if stored."""
        ...

    async def get(self, program_id: str, person_id: str) -> Invitation | None: ...

    async def of_person(self, person_id: str, answers: Sequence[Answer]) -> list[Invitation]: ...

    async def answer(self, invitation: Invitation, answer: Answer, at: datetime) -> bool:
        """Record the answer if the invitation is still open; True if recorded."""
        ...


class Members(Protocol):
    async def get_participants(
        self, program_id: str, ids: Iterable[str]
    ) -> dict[str, Document]: ...

    async def get_program(self, program_id: str) -> Document | None: ...


@dataclass(frozen=True, slots=True)
class InviteOutcome:
    person_id: str
    status: str
    """invited, unchanged (an open invitation already) or rejected."""
    problems: tuple[str, ...] = ()


@dataclass
class Invitations:
    store: InvitationStore
    people: DirectoryPeople
    members: Members
    enrolment: Enrolment
    clock: Clock

    async def invite(
        self,
        program_id: str,
        person_ids: Sequence[str],
        terms: EnrolmentTerms,
        by: str,
        *,
        correlation_id: UUID,
    ) -> list[InviteOutcome]:
        if await self.members.get_program(program_id) is None:
            raise UnknownEntity("program")
        asked = list(dict.fromkeys(person_ids))
        known = await self.people.get_many(asked)
        members = await self.members.get_participants(program_id, asked)
        now = self.clock.now()
        outcomes: list[InviteOutcome] = []
        for person_id in asked:
            person = known.get(person_id)
            why = why_not_enrollable(person)
            if why is None and person_id in members:
                why = ALREADY_IN
            fresh = Invitation(program_id, person_id, terms, by, now)
            announce = _announcement(fresh, person, correlation_id) if why is None else None
            if announce is None:
                outcomes.append(InviteOutcome(person_id, "rejected", (why or DOES_NOT_FIT,)))
                continue
            stored = await self.store.open_or_reopen(fresh, announce)
            outcomes.append(InviteOutcome(person_id, "invited" if stored else "unchanged"))
        return outcomes

    async def open_for(self, person_id: str) -> list[Invitation]:
        """The person's open invitations; none while the directory would not let them enrol
        (a leaver's invitations are not offered, and come back if they return)."""
        known = await self.people.get_many([person_id])
        if why_not_enrollable(known.get(person_id)) is not None:
            return []
        return await self.store.of_person(person_id, [Answer.PENDING])

    async def accept(self, person_id: str, program_id: str, correlation_id: UUID) -> JoinOutcome:
        """Join the program on the invitation's terms; the invitation is accepted once the
        join is done (a retry after a failure joins once)."""
        invitation = await self._open(person_id, program_id)
        [outcome] = await self.enrolment.enrol(
            program_id, [person_id], invitation.terms, correlation_id
        )
        if outcome.status in ("joined", "unchanged"):
            await self.store.answer(invitation, Answer.ACCEPTED, self.clock.now())
        return outcome

    async def decline(self, person_id: str, program_id: str) -> None:
        invitation = await self._open(person_id, program_id)
        if not await self.store.answer(invitation, Answer.DECLINED, self.clock.now()):
            raise InvitationClosed()

    async def _open(self, person_id: str, program_id: str) -> Invitation:
        invitation = await self.store.get(program_id, person_id)
        if invitation is None:
            raise UnknownEntity("invitation")
        if not invitation.open:
            raise InvitationClosed()
        return invitation


def _announcement(
    invitation: Invitation, person: DirectoryPerson | None, correlation_id: UUID
) -> ParticipantInvited | None:
    """The event that announces an invitation, with the person's contact as the directory
    gives it; None if the directory's data does not fit the contract. Its id derives from the
    invitation and the moment it opened, so a reopened invitation is announced anew."""
    if person is None:
        return None
    try:
        return for_entity(
            f"invitation:{invitation.program_id}|{invitation.person_id}",
            ParticipantInvited,
            f"opened:{invitation.invited_at.isoformat()}",
            now=invitation.invited_at,
            program_id=invitation.program_id,
            correlation_id=correlation_id,
            causation_id=None,
            participant_id=invitation.person_id,
            role=invitation.terms.role,
            display_name=person.display_name,
            email=person.email,
            locale=portal_locale(person.language),
            timezone=person.timezone,
        )
    except ValidationError:
        return None
