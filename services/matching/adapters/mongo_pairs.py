"""Pairs in MongoDB, each stored with the events of its change (the outbox)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pymongo import UpdateOne

from services.matching.adapters.mongo_collections import MatchingCollections
from shared.events import Event
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD, outbox_entries, push_outbox


class MongoPairs(MatchingCollections):
    """`PairStore` of `application/ports.py`."""

    async def get_pair(self, program_id: str, pair_id: str) -> Document | None:
        return await self.pairs.find_one(
            {"_id": pair_id, "program_id": program_id}, {OUTBOX_FIELD: 0}
        )

    async def pairs_of_program(self, program_id: str, statuses: Sequence[str]) -> list[Document]:
        return (
            await self.pairs.find(
                {"program_id": program_id, "status": {"$in": list(statuses)}}, {OUTBOX_FIELD: 0}
            )
            .sort("_id")
            .to_list(None)
        )

    async def pairs_of_participant(
        self, program_id: str, participant_id: str, statuses: Sequence[str]
    ) -> list[Document]:
        return await self.pairs.find(
            {
                "program_id": program_id,
                "status": {"$in": list(statuses)},
                "$or": [{"junior_id": participant_id}, {"senior_id": participant_id}],
            },
            {OUTBOX_FIELD: 0},
        ).to_list(None)

    async def insert_pairs(
        self, docs: Sequence[Document], events_by_pair: Mapping[str, Event]
    ) -> None:
        """Upsert-if-absent, so a replayed round writes nothing twice and keeps the same ids."""
        if not docs:
            return
        ops = []
        for doc in docs:
            event = events_by_pair.get(doc["_id"])
            fields = {**doc, OUTBOX_FIELD: outbox_entries([event]) if event else []}
            fields.pop("_id")
            ops.append(UpdateOne({"_id": doc["_id"]}, {"$setOnInsert": fields}, upsert=True))
        await self.pairs.bulk_write(ops, ordered=False)
        await self.flush_many(
            self.pairs,
            [d["_id"] for d in docs if d["_id"] in events_by_pair],
            [events_by_pair[d["_id"]] for d in docs if d["_id"] in events_by_pair],
        )

    async def change_pair_status(
        self, pair_id: str, from_statuses: Sequence[str], changes: Document, events: Sequence[Event]
    ) -> bool:
        result = await self.pairs.update_one(
            {"_id": pair_id, "status": {"$in": list(from_statuses)}},
            {"$set": changes, **push_outbox(events)},
        )
        if result.modified_count == 0:
            return False
        await self._outbox.flush(self.pairs, pair_id, events)
        return True
