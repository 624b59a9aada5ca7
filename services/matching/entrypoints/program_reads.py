"""What the routes read of a program besides its use cases: the program under the caller's
rights, its view, and the in-memory lists a change must refresh."""

from __future__ import annotations

from dataclasses import dataclass

from services.matching.adapters.mongo_lists import PairSnapshots
from services.matching.adapters.mongo_participant_directory import (
    ParticipantDirectory,
    counts_of,
    merged_counts,
)
from services.matching.application.policy import program_policy, program_settings
from services.matching.application.ports import MatchingRepository
from services.matching.entrypoints import access
from services.matching.entrypoints.schemas import ProgramView
from shared.http.auth import Principal
from shared.http.errors import NotFound
from shared.storage.mongo import Document


@dataclass(frozen=True)
class ProgramReads:
    store: MatchingRepository
    directory: ParticipantDirectory
    pair_cache: PairSnapshots

    async def admin_program(self, principal: Principal, program_id: str) -> Document:
        return await access.admin_program(self.store, principal, program_id)

    async def readable_participant(
        self, principal: Principal, program_id: str, participant_id: str
    ) -> Document:
        """The participant, for themselves and for the program's admins."""
        if not principal.is_participant(participant_id):
            await self.admin_program(principal, program_id)
        doc = await self.store.get_participant(program_id, participant_id)
        if doc is None:
            raise NotFound("participant")
        return doc

    async def active_pairs(self, program_id: str) -> int:
        # From the program's pair snapshot (loaded once, then refreshed behind): counting
        # a large program's pairs in the database on every read of the program cost ~1 s.
        snapshot = await self.pair_cache.snapshot(program_id)
        return int(
            snapshot.derived("active", lambda docs: sum(d["status"] == "active" for d in docs))
        )

    async def program_view(self, program: Document) -> ProgramView:
        snapshot = await self.directory.snapshot(program["_id"])
        return ProgramView(
            program_id=program["_id"],
            settings=program_settings(program),
            program_version=program["program_version"],
            policy=program_policy(program),
            policy_version=program["policy_version"],
            participants=merged_counts(snapshot.derived("counts", counts_of))[0],
            active_pairs=await self.active_pairs(program["_id"]),
        )
