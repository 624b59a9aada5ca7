"""Tombstones of ended pairs (`ended_pairs`, keyed by pair id): nothing personal, ids only."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import ENDED_PAIRS
from shared.storage.mongo import Document


class MongoEndedPairs:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._pairs = db[ENDED_PAIRS]

    async def remember(self, pair_id: str, at: datetime) -> None:
        await self._pairs.update_one(
            {"_id": pair_id}, {"$setOnInsert": {"ended_at": at}}, upsert=True
        )

    async def has_ended(self, pair_id: str) -> bool:
        return await self._pairs.find_one({"_id": pair_id}, {"_id": 1}) is not None

    async def ended_among(self, pair_ids: Collection[str]) -> set[str]:
        if not pair_ids:
            return set()
        cursor = self._pairs.find({"_id": {"$in": list(pair_ids)}}, {"_id": 1})
        return {str(doc["_id"]) async for doc in cursor}
