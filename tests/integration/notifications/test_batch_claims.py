"""Claiming deliveries a handful at a time, on the real database: each goes to one claimer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.notifications.adapters.collections import collection_specs
from services.notifications.adapters.mongo_deliveries import MongoDeliveries
from services.notifications.application.audit import notification_sent
from services.notifications.application.ports import DeliveryRecord, Outcome, SourceRef, Status
from services.notifications.domain.model import Audience, Channel, Priority
from shared.messaging.publisher import RecordingPublisher
from shared.storage.mongo import ensure_indexes
from shared.storage.outbox import Outbox

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)


def delivery(delivery_id: str, *, status: Status = Status.PENDING, later: bool = False) -> Any:
    return DeliveryRecord(
        delivery_id=delivery_id,
        cause_event_id=uuid.uuid4(),
        event_type="PairCreated",
        program_id="prog-1",
        correlation_id=uuid.uuid4(),
        occurred_at=NOW,
        recipient_id="p-1",
        audience=Audience.PARTICIPANT,
        channel=Channel.EMAIL,
        template="pair_introduction",
        priority=Priority.HIGH,
        status=status,
        not_before=NOW + timedelta(hours=1) if later else NOW,
        created_at=NOW,
        source=SourceRef(topic="pairs"),
    )


async def test_two_claimers_of_the_same_deliveries_never_both_get_one(mongo_server: Any) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"claims_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, collection_specs(finished_retention=timedelta(days=1)))
    deliveries = MongoDeliveries(db, Outbox(RecordingPublisher()))
    ids = [f"d-{i}" for i in range(8)]
    await deliveries.insert_new([delivery(i) for i in ids])
    await deliveries.insert_new(
        [delivery("not-yet", later=True), delivery("done", status=Status.SENT)]
    )
    try:
        asked = [*ids, "not-yet", "done", "unknown"]
        first, second = await asyncio.gather(
            deliveries.claim_many(asked, NOW), deliveries.claim_many(asked, NOW)
        )
        won = [r.delivery_id for r in first] + [r.delivery_id for r in second]
        assert sorted(won) == sorted(ids)
        assert all(r.status is Status.SENDING and r.claimed_at is not None for r in first)
        assert await deliveries.claim_many(asked, NOW) == []
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_an_outcome_is_written_once_with_its_events_only_when_they_wait_for_the_relay(
    mongo_server: Any,
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"finish_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, collection_specs(finished_retention=timedelta(days=1)))
    deliveries = MongoDeliveries(db, Outbox(RecordingPublisher()))
    await deliveries.insert_new([delivery(i) for i in ("d-1", "d-2", "d-3")])
    try:
        first, second, third = await deliveries.claim_many(["d-1", "d-2", "d-3"], NOW)

        def sent(record: Any) -> Outcome:
            return Outcome(Status.SENT, 1, events=[notification_sent(record, attempts=1, now=NOW)])

        await deliveries.finish(first, sent(first), NOW, outbox=False)  # published before
        await deliveries.finish(second, sent(second), NOW, outbox=True)  # Kafka was away
        # Settled by crash recovery meanwhile: a late outcome for it writes nothing.
        await deliveries.finish(
            third, Outcome(Status.FAILED, 1, "unconfirmed_send"), NOW, outbox=False
        )
        await deliveries.finish(third, sent(third), NOW, outbox=True)
        docs = {d["_id"]: d async for d in db["deliveries"].find({})}
        assert {i: d["status"] for i, d in docs.items()} == {
            "d-1": "sent",
            "d-2": "sent",
            "d-3": "failed",
        }
        assert [i for i, d in sorted(docs.items()) if d.get("_outbox")] == ["d-2"]
        assert all("cause" not in d for d in docs.values())
    finally:
        await client.drop_database(db.name)
        await client.close()
