"""Single-writer leases: one atomic find-and-modify decides who owns a piece of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.storage.mongo import Document


class LeaseStore:
    """Leases keyed by name in one collection; expired leases can be taken over."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._leases = collection

    async def acquire(self, name: str, owner: str, *, now: datetime, ttl: timedelta) -> bool:
        """True if `owner` now holds `name` until now + ttl (renewing its own lease is allowed).

        One conditional upsert decides: it matches a free (expired) or own lease and takes it,
        inserts a lease nobody held, and fails on the unique _id when another owner holds it.
        A plain update is enough (no need to read the document back), and costs less than a
        find-and-modify.
        """
        try:
            await self._leases.update_one(
                {"_id": name, "$or": [{"owner": owner}, {"expires_at": {"$lte": now}}]},
                {"$set": {"owner": owner, "expires_at": now + ttl, "acquired_at": now}},
                upsert=True,
            )
        except DuplicateKeyError:
            # Another owner holds an unexpired lease: the upsert tried to insert a second _id.
            return False
        return True

    async def release(self, name: str, owner: str) -> None:
        await self._leases.delete_one({"_id": name, "owner": owner})

    async def release_many(self, names: Sequence[str], owner: str) -> None:
        await self._leases.delete_many({"_id": {"$in": list(names)}, "owner": owner})
