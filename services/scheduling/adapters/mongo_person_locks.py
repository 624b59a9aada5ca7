"""Per-person leases, so two instances never book the same person's hour twice.

Two pairs that share a person arrive on different partitions and may be planned at the same
moment by different instances; each takes the leases of both its people (in a fixed order,
so two planners cannot wait on each other) before reading who is busy when.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from services.scheduling.domain.rules import SchedulingRefused
from shared.clock import Clock, SystemClock
from shared.storage.lease import LeaseStore
from shared.storage.mongo import CollectionSpec, Document, duplicate_key_indexes

LEASES = "leases"
LEASES_SPEC = CollectionSpec(LEASES)


class PersonBusy(SchedulingRefused):
    def __init__(self) -> None:
        super().__init__(
            "person_busy", "another change for the same person is in progress", conflict=True
        )


class MongoPersonLocks:
    def __init__(
        self,
        collection: AsyncCollection[Document],
        *,
        ttl: timedelta = timedelta(seconds=30),
        wait: timedelta = timedelta(seconds=15),
        clock: Clock | None = None,
    ) -> None:
        self._collection = collection
        self._leases = LeaseStore(collection)
        self._ttl = ttl
        self._wait = wait.total_seconds()
        self._clock = clock or SystemClock()  # leases are about real time, never program time

    @asynccontextmanager
    async def hold(self, participant_ids: Sequence[str]) -> AsyncIterator[None]:
        owner = uuid.uuid4().hex
        names = sorted({f"person:{pid}" for pid in participant_ids})
        taken: list[str] = []
        try:
            for name in names:
                await self._acquire(name, owner)
                taken.append(name)
            yield
        finally:
            if taken:
                await self._leases.release_many(taken, owner)

    @asynccontextmanager
    async def hold_free(self, participant_ids: Sequence[str]) -> AsyncIterator[set[str]]:
        """The leases of every person nobody else holds, taken in one insert (a lease left
        behind by someone who died is taken over once it has expired); no waiting."""
        owner = uuid.uuid4().hex
        now = self._clock.now()
        names = {f"person:{pid}": pid for pid in sorted(set(participant_ids))}
        taken = await self._take_free(list(names), owner, now)
        try:
            yield {names[name] for name in taken}
        finally:
            if taken:
                await self._leases.release_many(sorted(taken), owner)

    async def _take_free(self, names: Sequence[str], owner: str, now: datetime) -> set[str]:
        if not names:
            return set()
        docs = [
            {"_id": name, "owner": owner, "expires_at": now + self._ttl, "acquired_at": now}
            for name in names
        ]
        try:
            await self._collection.insert_many(docs, ordered=False)
        except BulkWriteError as error:
            held_elsewhere = [names[i] for i in sorted(duplicate_key_indexes(error))]
            taken = set(names) - set(held_elsewhere)
            for name in held_elsewhere:  # expired ones are taken over
                if await self._leases.acquire(name, owner, now=now, ttl=self._ttl):
                    taken.add(name)
            return taken
        return set(names)

    async def _acquire(self, name: str, owner: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        delay = 0.02
        while not await self._leases.acquire(name, owner, now=self._clock.now(), ttl=self._ttl):
            if loop.time() > deadline:
                raise PersonBusy()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.5)
