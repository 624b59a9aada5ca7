"""ParticipantJoined -> the participant document, with the service's two conditional writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo import UpdateOne

from bench.pipeline.bare import Db, Publisher
from services.matching.adapters.mongo_collections import COLLECTIONS, PARTICIPANTS
from services.matching.application.participants import participant_key
from shared.events import ParticipantJoined, decode_event


class MatchingIngest:
    collections = COLLECTIONS

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._participants = db[PARTICIPANTS]

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            if isinstance(event, ParticipantJoined):
                newer, fresh = _writes(event)
                await self._participants.update_one(*newer)
                await self._participants.update_one(*fresh, upsert=True)

    async def handle_batch(self, values: Sequence[bytes]) -> None:
        """The same two writes per event, every one of the batch in one unordered bulk write
        (for one key their order does not matter: each is conditional)."""
        operations: list[UpdateOne] = []
        for value in values:
            event = decode_event(value)
            if isinstance(event, ParticipantJoined):
                newer, fresh = _writes(event)
                operations += [UpdateOne(*newer), UpdateOne(*fresh, upsert=True)]
        if operations:
            await self._participants.bulk_write(operations, ordered=False)


Write = tuple[dict[str, Any], dict[str, Any]]


def _writes(event: ParticipantJoined) -> tuple[Write, Write]:
    """A newer profile replaces an older one; a new participant is inserted."""
    person = event.participant
    key = participant_key(event.program_id, person.participant_id)
    profile = person.model_dump(mode="json")
    version = event.profile_version
    newer = (
        {"_id": key, "profile_version": {"$lt": version}, "status": "active"},
        {"$set": {"profile": profile, "profile_version": version}},
    )
    doc = {
        "program_id": event.program_id,
        "participant_id": person.participant_id,
        "role": person.role,
        "status": "active",
        "profile_version": version,
        "profile": profile,
        "joined_at": datetime.now(UTC),
    }
    return newer, ({"_id": key}, {"$setOnInsert": doc})
