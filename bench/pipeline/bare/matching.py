"""ParticipantJoined -> the participant document, with the service's two conditional writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bench.pipeline.bare import Db, Publisher
from services.matching.adapters.store import COLLECTIONS, PARTICIPANTS, participant_key
from shared.events import ParticipantJoined, decode_event


class MatchingIngest:
    collections = COLLECTIONS

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._participants = db[PARTICIPANTS]

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            if not isinstance(event, ParticipantJoined):
                continue
            person = event.participant
            key = participant_key(event.program_id, person.participant_id)
            profile = person.model_dump(mode="json")
            version = event.profile_version
            await self._participants.update_one(
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
            await self._participants.update_one({"_id": key}, {"$setOnInsert": doc}, upsert=True)
