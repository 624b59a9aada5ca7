"""Matching's MongoDB database: its collections, their indexes, and the handles that every
aggregate's adapter (`mongo_programs`, `mongo_participants`, `mongo_pairs`, `mongo_rounds`)
works with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.events import Event
from shared.storage.lease import LeaseStore
from shared.storage.mongo import CollectionSpec, Document
from shared.storage.outbox import Outbox

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


class MatchingCollections:
    """The database's collections and the outbox that publishes each change's events."""

    def __init__(self, db: AsyncDatabase[Document], outbox: Outbox) -> None:
        self.db = db
        self.programs = db[PROGRAMS]
        self.participants = db[PARTICIPANTS]
        self.pairs = db[PAIRS]
        self.rounds = db[ROUNDS]
        self.leases = LeaseStore(db[LEASES])
        self._outbox = outbox

    async def flush_many(
        self, collection: Any, doc_ids: Sequence[Any], events: Sequence[Event]
    ) -> None:
        await self._outbox.flush_many(collection, doc_ids, events)
