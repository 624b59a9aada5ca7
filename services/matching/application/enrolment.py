"""Admins enrol people the company directory provisioned: nobody retypes a profile.

Name, email, language and time zone come from matching's read model of the directory; the
admin sets the role and seniority for the batch; the person fills in the rest (skills, goals,
availability) in the portal. The joins go through the same path as any other join, so the
same events follow (ParticipantJoined with the contact data notifications keeps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from pydantic import ValidationError

from services.matching.application.participants import JoinOutcome
from services.matching.domain.enrolment import DirectoryPerson, EnrolmentTerms, profile_for
from shared.events import ParticipantProfile

NOT_IN_DIRECTORY = "not in the company directory"
NOT_ACTIVE = "not active in the company directory"
INCOMPLETE = "the company directory has no name or no usable email for this person"
DOES_NOT_FIT = "the company directory's data does not fit a program profile"


class DirectoryPeople(Protocol):
    async def get_many(self, person_ids: Sequence[str]) -> dict[str, DirectoryPerson]: ...


class Joiner(Protocol):
    async def join_many(
        self,
        program_id: str,
        profiles: list[ParticipantProfile],
        correlation_id: UUID | None = None,
    ) -> list[JoinOutcome]: ...


def why_not_enrollable(person: DirectoryPerson | None) -> str | None:
    """Why the directory's person cannot be enrolled (or invited), or None."""
    if person is None:
        return NOT_IN_DIRECTORY
    if not person.active:
        return NOT_ACTIVE
    if not person.enrollable:
        return INCOMPLETE
    return None


def _rejected(person_id: str, why: str) -> JoinOutcome:
    return JoinOutcome(participant_id=person_id, status="rejected", problems=[why])


@dataclass
class Enrolment:
    people: DirectoryPeople
    participants: Joiner

    async def enrol(
        self,
        program_id: str,
        person_ids: Sequence[str],
        terms: EnrolmentTerms,
        correlation_id: UUID,
    ) -> list[JoinOutcome]:
        """One outcome per person, in the order asked: joined, unchanged (enrolled before with
        the same profile) or rejected with the reason."""
        known = await self.people.get_many(person_ids)
        refused: dict[str, JoinOutcome] = {}
        profiles: list[ParticipantProfile] = []
        for person_id in dict.fromkeys(person_ids):
            person = known.get(person_id)
            why = why_not_enrollable(person)
            if why is not None or person is None:
                refused[person_id] = _rejected(person_id, why or NOT_IN_DIRECTORY)
            else:
                try:
                    profiles.append(ParticipantProfile.model_validate(profile_for(person, terms)))
                except ValidationError:
                    refused[person_id] = _rejected(person_id, DOES_NOT_FIT)
        joined = {}
        if profiles:
            outcomes = await self.participants.join_many(program_id, profiles, correlation_id)
            joined = {o.participant_id: o for o in outcomes}
        return [refused.get(pid) or joined[pid] for pid in dict.fromkeys(person_ids)]
