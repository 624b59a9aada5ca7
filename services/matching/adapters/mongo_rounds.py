"""Matching rounds in MongoDB (dry runs too), each stored with the events of its record."""

from __future__ import annotations

from collections.abc import Sequence

from services.matching.adapters.mongo_collections import MatchingCollections
from shared.events import Event
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD, outbox_entries


class MongoRounds(MatchingCollections):
    """`RoundStore` of `application/ports.py` (its `leases` are the base's)."""

    async def save_round(self, doc: Document, events: Sequence[Event] = ()) -> None:
        await self.rounds.replace_one(
            {"_id": doc["_id"]}, {**doc, OUTBOX_FIELD: outbox_entries(events)}, upsert=True
        )
        await self._outbox.flush(self.rounds, doc["_id"], events)

    async def get_round(self, program_id: str, round_id: str) -> Document | None:
        return await self.rounds.find_one(
            {"_id": round_id, "program_id": program_id}, {OUTBOX_FIELD: 0}
        )

    async def last_round(self, program_id: str) -> Document | None:
        return await self.rounds.find_one(
            {"program_id": program_id, "dry_run": False},
            {OUTBOX_FIELD: 0},
            sort=[("created_at", -1)],
        )
