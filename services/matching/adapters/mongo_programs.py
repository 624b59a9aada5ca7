"""Programs in MongoDB, each stored with the events of its change (the outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pymongo.errors import DuplicateKeyError

from services.matching.adapters.mongo_collections import MatchingCollections
from shared.events import Event
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD, outbox_entries, push_outbox


class MongoPrograms(MatchingCollections):
    """`ProgramStore` of `application/ports.py`."""

    async def get_program(self, program_id: str) -> Document | None:
        return await self.programs.find_one({"_id": program_id}, {OUTBOX_FIELD: 0})

    async def list_programs(self, ids: Iterable[str] | None = None) -> list[Document]:
        """Every program, or those of `ids`, by id."""
        query = {} if ids is None else {"_id": {"$in": sorted(ids)}}
        return await self.programs.find(query, {OUTBOX_FIELD: 0}).sort("_id").to_list(None)

    async def insert_program(self, doc: Document, events: Sequence[Event]) -> bool:
        try:
            await self.programs.insert_one({**doc, OUTBOX_FIELD: outbox_entries(events)})
        except DuplicateKeyError:
            return False
        await self._outbox.flush(self.programs, doc["_id"], events)
        return True

    async def update_program(
        self, program_id: str, expected_version: int, changes: Document, events: Sequence[Event]
    ) -> bool:
        result = await self.programs.update_one(
            {"_id": program_id, "program_version": expected_version},
            {"$set": changes, **push_outbox(events)},
        )
        if result.modified_count == 0:
            return False
        await self._outbox.flush(self.programs, program_id, events)
        return True

    async def next_round_number(self, program_id: str) -> int:
        doc = await self.programs.find_one_and_update(
            {"_id": program_id},
            {"$inc": {"rounds_started": 1}},
            {"rounds_started": 1},
            return_document=True,
        )
        return int(doc["rounds_started"]) if doc else 0
