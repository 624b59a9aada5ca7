"""Who left the company (`leavers`, keyed by person id): ids, a version and a flag only."""

from __future__ import annotations

from collections.abc import Collection

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.notifications.adapters.mongo_collections import LEAVERS
from shared.storage.mongo import Document


class MongoLeavers:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._people = db[LEAVERS]

    async def mark(self, person_id: str, version: int, *, active: bool) -> bool:
        """Records the person's state at `version`; False if a later version is known."""
        try:
            result = await self._people.update_one(
                {"_id": person_id, "version": {"$lt": version}},
                {"$set": {"version": version, "active": active}},
                upsert=True,
            )
        except DuplicateKeyError:  # the document holds this version or a later one
            return False
        return bool(result.modified_count or result.upserted_id is not None)

    async def inactive_among(self, person_ids: Collection[str]) -> set[str]:
        if not person_ids:
            return set()
        cursor = self._people.find({"_id": {"$in": list(person_ids)}, "active": False}, {"_id": 1})
        return {str(doc["_id"]) async for doc in cursor}
