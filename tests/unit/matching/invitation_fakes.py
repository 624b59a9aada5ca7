"""A hand-written fake of the invitation store (one invitation per program and person)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from services.matching.domain.invitations import Answer, Invitation
from shared.events import ParticipantInvited


class FakeInvitations:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Invitation] = {}
        self.published: list[ParticipantInvited] = []

    async def open_or_reopen(self, invitation: Invitation, announce: ParticipantInvited) -> bool:
        key = (invitation.program_id, invitation.person_id)
        stored = self.by_key.get(key)
        if stored is not None and stored.answer is not Answer.DECLINED:
            return False
        self.by_key[key] = invitation
        self.published.append(announce)
        return True

    async def get(self, program_id: str, person_id: str) -> Invitation | None:
        return self.by_key.get((program_id, person_id))

    async def of_person(self, person_id: str, answers: Sequence[Answer]) -> list[Invitation]:
        return [i for i in self.by_key.values() if i.person_id == person_id and i.answer in answers]

    async def answer(self, invitation: Invitation, answer: Answer, at: datetime) -> bool:
        key = (invitation.program_id, invitation.person_id)
        stored = self.by_key.get(key)
        if stored is None or not stored.open:
            return False
        self.by_key[key] = replace(stored, answer=answer, answered_at=at)
        return True
