"""Single-writer leases: one atomic find-and-modify decides who owns a piece of work."""

from __future__ import annotations

from datetime import datetime, timedelta

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.storage.mongo import Document


class LeaseStore:
    """Leases keyed by name in one collection; expired leases can be taken over."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._leases = collection

    async def acquire(self, name: str, owner: str, *, now: datetime, ttl: timedelta) -> bool:
        """True if `owner` now holds `name` until now + ttl (renewing its own lease is allowed)."""
        try:
            doc = await self._leases.find_one_and_update(
                {"_id": name, "$or": [{"owner": owner}, {"expires_at": {"$lte": now}}]},
                {"$set": {"owner": owner, "expires_at": now + ttl, "acquired_at": now}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            # Another owner holds an unexpired lease: the upsert tried to insert a second _id.
            return False
        return doc is not None and doc.get("owner") == owner

    async def release(self, name: str, owner: str) -> None:
        await self._leases.delete_one({"_id": name, "owner": owner})
