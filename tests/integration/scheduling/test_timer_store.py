"""Arming the timers of a series on the real database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.scheduling.adapters.mongo_timers import MongoTimerStore
from services.scheduling.domain.timers import TimerKind, TimerSpec

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def reminder(session: int, hours_ahead: int) -> TimerSpec:
    start = NOW + timedelta(hours=hours_ahead)
    return TimerSpec(
        timer_id=f"pair-1:s{session}:reminder:60",
        kind=TimerKind.REMINDER,
        pair_id="pair-1",
        program_id="prog-1",
        due_at=start - timedelta(minutes=60),
        session_id=f"pair-1:s{session}",
        session_start=start,
        minutes_before=60,
    )


async def test_a_new_series_gets_its_timers_and_a_replay_settles_to_the_same(
    mongo_server: Any,
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"timers_{uuid.uuid4().hex[:8]}"]
    store = MongoTimerStore(db["timers"])
    try:
        await store.sync("pair-1", [reminder(1, 48), reminder(2, 96)], NOW, fresh=True)
        docs = {d["_id"]: d async for d in db["timers"].find({})}
        assert sorted(docs) == ["pair-1:s1:reminder:60", "pair-1:s2:reminder:60"]
        assert {d["status"] for d in docs.values()} == {"pending"}

        # Replayed as "fresh" with the second session moved and a third one: the inserts
        # collide, and the full comparison moves, adds and keeps what it should.
        moved = [reminder(1, 48), reminder(2, 120), reminder(3, 144)]
        await store.sync("pair-1", moved, NOW, fresh=True)
        docs = {d["_id"]: d async for d in db["timers"].find({})}
        assert sorted(docs) == [
            "pair-1:s1:reminder:60",
            "pair-1:s2:reminder:60",
            "pair-1:s3:reminder:60",
        ]
        assert docs["pair-1:s2:reminder:60"]["due_at"] == moved[1].due_at
        assert {d["status"] for d in docs.values()} == {"pending"}
    finally:
        await client.drop_database(db.name)
        await client.close()
