"""Participant commands: join, import, update, withdraw and erase, each with its events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from uuid import UUID, uuid4

from services.matching.application.pairs import PairLifecycle
from services.matching.application.ports import ProgramsAndParticipants
from services.matching.domain.errors import MatchingRefused, UnknownEntity
from shared.clock import Clock
from shared.events import (
    ParticipantErased,
    ParticipantJoined,
    ParticipantProfile,
    ParticipantUpdated,
    ParticipantWithdrew,
)
from shared.events.factory import from_command
from shared.storage.mongo import Document

ERASED_FIELDS = ("profile",)


def participant_key(program_id: str, participant_id: str) -> str:
    """A membership's id: one person in one program."""
    return f"{program_id}|{participant_id}"


@dataclass(frozen=True)
class JoinOutcome:
    """What became of one person of a join or an import."""

    participant_id: str
    status: Literal["joined", "unchanged", "updated", "rejected"]
    problems: list[str] = field(default_factory=list)


ERASED = (
    "this participant_id was erased; it cannot join again nor be changed (every service has "
    "forgotten it), so a returning person joins under a new id"
)
"""Join, bulk join, update and withdraw all say this of an erased id (409
`participant_erased`; a bulk row is `rejected` with it): reusing the id would bring an
erased person back in services that keep only the pseudonymous id."""


@dataclass
class ParticipantCommands:
    store: ProgramsAndParticipants
    clock: Clock
    pairs: PairLifecycle

    async def _program(self, program_id: str) -> Document:
        program = await self.store.get_program(program_id)
        if program is None:
            raise UnknownEntity("program")
        return program

    def _joined(
        self, program_id: str, profile: ParticipantProfile, correlation_id: UUID
    ) -> ParticipantJoined:
        return from_command(
            participant_key(program_id, profile.participant_id),
            ParticipantJoined,
            "participant-joined",
            now=self.clock.now(),
            program_id=program_id,
            correlation_id=correlation_id,
            participant=profile,
        )

    def _doc(self, program_id: str, profile: ParticipantProfile, version: int) -> Document:
        return {
            "_id": participant_key(program_id, profile.participant_id),
            "program_id": program_id,
            "participant_id": profile.participant_id,
            "role": profile.role,
            "status": "active",
            "profile_version": version,
            "profile": profile.model_dump(mode="json"),
            "joined_at": self.clock.now(),
        }

    async def join_many(
        self,
        program_id: str,
        profiles: list[ParticipantProfile],
        correlation_id: UUID | None = None,
    ) -> list[JoinOutcome]:
        """Join everyone new; an identical repeat is `unchanged`, a different one rejected."""
        await self._program(program_id)
        correlation = correlation_id or uuid4()
        first_index: dict[str, int] = {}
        for index, profile in enumerate(profiles):
            first_index.setdefault(profile.participant_id, index)
        fresh = [p for i, p in enumerate(profiles) if first_index[p.participant_id] == i]
        existing = await self.store.get_participants(program_id, [p.participant_id for p in fresh])
        new = [p for p in fresh if p.participant_id not in existing]
        inserted = await self.store.insert_participants(
            [self._doc(program_id, p, 1) for p in new],
            [self._joined(program_id, p, correlation) for p in new],
        )
        outcomes: list[JoinOutcome] = []
        for index, profile in enumerate(profiles):
            pid = profile.participant_id
            if first_index[pid] != index:
                outcomes.append(
                    JoinOutcome(
                        participant_id=pid,
                        status="rejected",
                        problems=["participant_id appears twice"],
                    )
                )
            elif participant_key(program_id, pid) in inserted:
                outcomes.append(JoinOutcome(participant_id=pid, status="joined"))
            else:
                doc = existing.get(pid) or await self.store.get_participant(program_id, pid)
                same = doc is not None and doc.get("profile") == profile.model_dump(mode="json")
                if doc is not None and doc["status"] == "erased":
                    outcomes.append(
                        JoinOutcome(participant_id=pid, status="rejected", problems=[ERASED])
                    )
                    continue
                outcomes.append(
                    JoinOutcome(participant_id=pid, status="unchanged")
                    if same
                    else JoinOutcome(
                        participant_id=pid,
                        status="rejected",
                        problems=["already joined with other data; update the participant instead"],
                    )
                )
        return outcomes

    async def update(
        self, program_id: str, profile: ParticipantProfile, correlation_id: UUID
    ) -> Document:
        doc = await self.store.get_participant(program_id, profile.participant_id)
        if doc is None:
            raise UnknownEntity("participant")
        if doc["status"] == "erased":
            raise MatchingRefused("participant_erased", ERASED)
        if doc["status"] != "active":
            raise MatchingRefused(
                "participant_withdrawn", "a withdrawn participant cannot be updated"
            )
        if doc["role"] != profile.role:
            raise MatchingRefused("role_change", "role cannot change; withdraw and join again")
        if doc["profile"] == profile.model_dump(mode="json"):
            return doc
        version = int(doc["profile_version"]) + 1
        event = from_command(
            f"{doc['_id']}:v{version}",
            ParticipantUpdated,
            "participant-updated",
            now=self.clock.now(),
            program_id=program_id,
            correlation_id=correlation_id,
            participant=profile,
            profile_version=version,
        )
        changes = {"profile": profile.model_dump(mode="json"), "profile_version": version}
        if not await self.store.update_participant(doc["_id"], version - 1, changes, [event]):
            raise MatchingRefused("concurrent_update", "the participant changed meanwhile; retry")
        return {**doc, **changes}

    async def withdraw(self, program_id: str, participant_id: str, correlation_id: UUID) -> None:
        doc = await self.store.get_participant(program_id, participant_id)
        if doc is None:
            raise UnknownEntity("participant")
        if doc["status"] == "erased":
            raise MatchingRefused("participant_erased", ERASED)
        if doc["status"] == "active":
            event = from_command(
                doc["_id"],
                ParticipantWithdrew,
                "participant-withdrew",
                now=self.clock.now(),
                program_id=program_id,
                correlation_id=correlation_id,
                participant_id=participant_id,
                role=doc["role"],
            )
            await self.store.update_participant(
                doc["_id"], int(doc["profile_version"]), {"status": "withdrawn"}, [event]
            )
        await self.pairs.end_all_of(program_id, participant_id, "withdrawal", correlation_id)

    async def erase(self, program_id: str, participant_id: str, correlation_id: UUID) -> None:
        """Right to erasure: personal data goes, the pseudonymous id and pair history stay."""
        doc = await self.store.get_participant(program_id, participant_id)
        if doc is None:
            raise UnknownEntity("participant")
        await self.pairs.end_all_of(program_id, participant_id, "erasure", correlation_id)
        if doc["status"] != "erased":
            event = from_command(
                doc["_id"],
                ParticipantErased,
                "participant-erased",
                now=self.clock.now(),
                program_id=program_id,
                correlation_id=correlation_id,
                participant_id=participant_id,
            )
            await self.store.update_participant(
                doc["_id"],
                int(doc["profile_version"]),
                {"status": "erased", "erased_at": self.clock.now()},
                [event],
                unset=ERASED_FIELDS,
            )

    async def ingest(self, events: Sequence[ParticipantJoined | ParticipantUpdated]) -> None:
        """Participant events from other producers (e.g. an HR sync), a batch at a time:
        newest version wins."""
        await self.store.ingest_profiles(
            [self._doc(e.program_id, e.participant, e.profile_version) for e in events]
        )
