"""Single-writer leases on the real database: one holder at a time, expiry, renewal, release."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from shared.storage.lease import LeaseStore

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TTL = timedelta(seconds=30)


@pytest.fixture
async def leases(mongo_server: Any) -> AsyncIterator[LeaseStore]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"leases_{uuid.uuid4().hex[:8]}"]
    try:
        yield LeaseStore(db["leases"])
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_only_one_of_many_concurrent_claimants_gets_a_free_lease(leases: LeaseStore) -> None:
    owners = [f"instance-{i}" for i in range(6)]
    won = await asyncio.gather(*(leases.acquire("round:p1", o, now=NOW, ttl=TTL) for o in owners))
    assert won.count(True) == 1


async def test_a_held_lease_is_refused_to_others_and_renewed_for_its_owner(
    leases: LeaseStore,
) -> None:
    assert await leases.acquire("person:a", "one", now=NOW, ttl=TTL)
    assert not await leases.acquire("person:a", "two", now=NOW + timedelta(seconds=10), ttl=TTL)
    assert await leases.acquire("person:a", "one", now=NOW + timedelta(seconds=20), ttl=TTL)
    # Renewed at +20s: still held at +40s, although the first grant ran out at +30s.
    assert not await leases.acquire("person:a", "two", now=NOW + timedelta(seconds=40), ttl=TTL)


async def test_an_expired_lease_can_be_taken_over(leases: LeaseStore) -> None:
    assert await leases.acquire("timer:t1", "crashed", now=NOW, ttl=TTL)
    assert await leases.acquire("timer:t1", "successor", now=NOW + TTL, ttl=TTL)
    assert not await leases.acquire("timer:t1", "crashed", now=NOW + TTL, ttl=TTL)


async def test_releasing_frees_only_the_owners_own_leases(leases: LeaseStore) -> None:
    assert await leases.acquire("person:a", "one", now=NOW, ttl=TTL)
    assert await leases.acquire("person:b", "one", now=NOW, ttl=TTL)
    assert await leases.acquire("person:c", "two", now=NOW, ttl=TTL)
    await leases.release_many(["person:a", "person:b", "person:c"], "one")
    assert await leases.acquire("person:a", "three", now=NOW, ttl=TTL)
    assert await leases.acquire("person:b", "three", now=NOW, ttl=TTL)
    assert not await leases.acquire("person:c", "three", now=NOW, ttl=TTL)
