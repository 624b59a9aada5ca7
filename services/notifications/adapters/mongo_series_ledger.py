"""Pairs whose planned series reached this service (`planned_series`, keyed by pair id), and
when their series ended because the pair did (`ended_at`)."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import PLANNED_SERIES
from shared.storage.mongo import Document


class MongoSeriesLedger:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._series = db[PLANNED_SERIES]

    async def record(self, pair_id: str, at: datetime) -> None:
        await self._series.update_one(
            {"_id": pair_id}, {"$setOnInsert": {"planned_at": at}}, upsert=True
        )

    async def known(self, pair_id: str) -> bool:
        return await self._series.find_one({"_id": pair_id}, {"_id": 1}) is not None

    async def record_end(self, pair_id: str, at: datetime) -> None:
        await self._series.update_one(
            {"_id": pair_id},
            {"$setOnInsert": {"planned_at": at}, "$set": {"ended_at": at}},
            upsert=True,
        )

    async def ended(self, pair_id: str) -> bool:
        found = await self._series.find_one({"_id": pair_id, "ended_at": {"$exists": True}})
        return found is not None
