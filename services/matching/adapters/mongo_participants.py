"""Participants in MongoDB (one document per person and program), each stored with the events
of its change (the outbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from services.matching.adapters.mongo_collections import MatchingCollections
from services.matching.application.participants import participant_key
from shared.events import Event
from shared.storage.mongo import Document, duplicate_key_indexes
from shared.storage.outbox import OUTBOX_FIELD, outbox_entries, push_outbox


class MongoParticipants(MatchingCollections):
    """`ParticipantStore` and `Memberships` of `application/ports.py`."""

    async def get_participant(self, program_id: str, participant_id: str) -> Document | None:
        return await self.participants.find_one(
            {"_id": participant_key(program_id, participant_id)}, {OUTBOX_FIELD: 0}
        )

    async def get_participants(self, program_id: str, ids: Iterable[str]) -> dict[str, Document]:
        keys = [participant_key(program_id, pid) for pid in ids]
        docs = await self.participants.find({"_id": {"$in": keys}}, {OUTBOX_FIELD: 0}).to_list(None)
        return {doc["participant_id"]: doc for doc in docs}

    async def active_participants(self, program_id: str) -> list[Document]:
        return await self.participants.find(
            {"program_id": program_id, "status": "active"}, {OUTBOX_FIELD: 0}
        ).to_list(None)

    async def memberships_of(self, participant_id: str, statuses: Sequence[str]) -> list[Document]:
        """The person's participant documents in every program, in these statuses."""
        return await self.participants.find(
            {"participant_id": participant_id, "status": {"$in": list(statuses)}},
            {OUTBOX_FIELD: 0},
        ).to_list(None)

    async def count_waiting_seniors(self, program_id: str) -> int:
        """Active seniors in no live pair, counted by the database (no documents read)."""
        paired = await self.pairs.distinct(
            "senior_id", {"program_id": program_id, "status": {"$in": ["proposed", "active"]}}
        )
        return await self.participants.count_documents(
            {
                "program_id": program_id,
                "status": "active",
                "role": "senior",
                "participant_id": {"$nin": paired},
            }
        )

    async def count_participants(self, program_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        async for row in await self.participants.aggregate(
            [
                {"$match": {"program_id": program_id}},
                {"$group": {"_id": "$status", "n": {"$sum": 1}}},
            ]
        ):
            counts[str(row["_id"])] = int(row["n"])
        return counts

    async def insert_participants(
        self, docs: Sequence[Document], events: Sequence[Event]
    ) -> set[str]:
        """Insert new participants with their events; returns the keys that were new."""
        if not docs:
            return set()
        by_key = {str(e.participant.participant_id): e for e in events}  # type: ignore[attr-defined]
        rows = [
            {**doc, OUTBOX_FIELD: outbox_entries([by_key[doc["participant_id"]]])} for doc in docs
        ]
        inserted: set[str] = {doc["_id"] for doc in rows}
        try:
            await self.participants.insert_many(rows, ordered=False)
        except BulkWriteError as error:
            inserted -= {rows[i]["_id"] for i in duplicate_key_indexes(error)}
        fresh = [by_key[doc["participant_id"]] for doc in rows if doc["_id"] in inserted]
        await self.flush_many(self.participants, sorted(inserted), fresh)
        return inserted

    async def update_participant(
        self,
        key: str,
        expected_version: int,
        changes: Document,
        events: Sequence[Event],
        unset: Sequence[str] = (),
    ) -> bool:
        update: Document = {"$set": changes, **push_outbox(events)}
        if unset:
            update["$unset"] = {name: "" for name in unset}
        result = await self.participants.update_one(
            {"_id": key, "profile_version": expected_version}, update
        )
        if result.modified_count == 0:
            return False
        await self._outbox.flush(self.participants, key, events)
        return True

    async def ingest_profiles(self, docs: Sequence[Document]) -> None:
        """One read of what is stored, then one unordered bulk write of what changes: most
        profiles on the topic are the service's own joins, already stored at their version,
        and cost no write at all."""
        newest: dict[str, Document] = {}
        for doc in docs:
            kept = newest.get(doc["_id"])
            if kept is None or doc["profile_version"] > kept["profile_version"]:
                newest[doc["_id"]] = doc
        for _ in range(2):
            stored = {
                found["_id"]: found
                for found in await self.participants.find(
                    {"_id": {"$in": list(newest)}}, {"profile_version": 1, "status": 1}
                ).to_list(None)
            }
            writes = [w for doc in newest.values() for w in _profile_writes(doc, stored)]
            if not writes:
                return
            try:
                await self.participants.bulk_write(writes, ordered=False)
                return
            except BulkWriteError as error:
                duplicate_key_indexes(error)  # raises anything but a lost race to insert
        raise RuntimeError("participant profiles kept meeting concurrent inserts")


def _profile_writes(doc: Document, stored: dict[str, Document]) -> list[UpdateOne]:
    """A newer version replaces the profile of an active participant; an unknown one is
    inserted as `doc` says (guarded too, should another writer insert it first)."""
    key, version = doc["_id"], doc["profile_version"]
    current = stored.get(key)
    if current is not None and (
        current["status"] != "active" or current["profile_version"] >= version
    ):
        return []
    replace = UpdateOne(
        {"_id": key, "profile_version": {"$lt": version}, "status": "active"},
        {"$set": {"profile": doc["profile"], "profile_version": version}},
    )
    if current is not None:
        return [replace]
    fields = {k: v for k, v in doc.items() if k != "_id"}
    return [replace, UpdateOne({"_id": key}, {"$setOnInsert": fields}, upsert=True)]
