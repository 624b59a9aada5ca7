"""MongoDB persistence of the matching service: programs, participants, pairs and rounds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo import ASCENDING, IndexModel, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.matching.application.participants import participant_key as participant_key
from shared.events import Event
from shared.storage.lease import LeaseStore
from shared.storage.mongo import CollectionSpec, Document
from shared.storage.outbox import OUTBOX_FIELD, Outbox, outbox_entries, push_outbox

PROGRAMS, PARTICIPANTS, PAIRS, ROUNDS, LEASES = (
    "programs",
    "participants",
    "pairs",
    "rounds",
    "leases",
)

COLLECTIONS = [
    CollectionSpec(PROGRAMS, [IndexModel([("settings.region", ASCENDING)])]),
    CollectionSpec(
        PARTICIPANTS,
        [
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)]),
            IndexModel([("program_id", ASCENDING), ("participant_id", ASCENDING)], unique=True),
            # "My programs": a person's memberships.
            IndexModel([("participant_id", ASCENDING), ("program_id", ASCENDING)]),
        ],
    ),
    CollectionSpec(
        PAIRS,
        [
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)]),
            IndexModel([("program_id", ASCENDING), ("junior_id", ASCENDING)]),
            IndexModel([("program_id", ASCENDING), ("senior_id", ASCENDING)]),
        ],
    ),
    CollectionSpec(
        ROUNDS,
        [
            IndexModel([("program_id", ASCENDING), ("created_at", ASCENDING)]),
            IndexModel([("program_id", ASCENDING), ("round_number", ASCENDING)]),
        ],
    ),
    CollectionSpec(LEASES),
]
OUTBOX_COLLECTIONS = [PROGRAMS, PARTICIPANTS, PAIRS, ROUNDS]


class MatchingStore:
    """Every port of `application/ports.py`, kept in MongoDB with each change's events."""

    def __init__(self, db: AsyncDatabase[Document], outbox: Outbox) -> None:
        self.db = db
        self.programs = db[PROGRAMS]
        self.participants = db[PARTICIPANTS]
        self.pairs = db[PAIRS]
        self.rounds = db[ROUNDS]
        self.leases = LeaseStore(db[LEASES])
        self._outbox = outbox

    # -- programs --------------------------------------------------------------------------
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

    # -- participants ----------------------------------------------------------------------
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
            for failure in error.details.get("writeErrors", []):
                if failure.get("code") != 11000:
                    raise
                inserted.discard(rows[failure["index"]]["_id"])
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

    async def ingest_profile(self, doc: Document) -> None:
        key, version = doc["_id"], doc["profile_version"]
        await self.participants.update_one(
            {"_id": key, "profile_version": {"$lt": version}, "status": "active"},
            {"$set": {"profile": doc["profile"], "profile_version": version}},
        )
        fields = {k: v for k, v in doc.items() if k != "_id"}
        await self.participants.update_one({"_id": key}, {"$setOnInsert": fields}, upsert=True)

    # -- pairs -----------------------------------------------------------------------------
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

    # -- rounds ----------------------------------------------------------------------------
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

    async def flush_many(
        self, collection: Any, doc_ids: Sequence[Any], events: Sequence[Event]
    ) -> None:
        await self._outbox.flush_many(collection, doc_ids, events)
