"""Claiming deliveries a handful at a time, on the real database: each goes to one claimer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.notifications.adapters.mongo_collections import collection_specs
from services.notifications.adapters.mongo_deliveries import MongoDeliveries
from services.notifications.adapters.mongo_series_ledger import MongoSeriesLedger
from services.notifications.application.audit import notification_sent
from services.notifications.domain.model import (
    Audience,
    Channel,
    DeliveryRecord,
    Outcome,
    Priority,
    SourceRef,
    Status,
)
from shared.messaging.publisher import RecordingPublisher
from shared.storage.mongo import ensure_indexes
from shared.storage.outbox import Outbox

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)


def delivery(
    delivery_id: str,
    *,
    status: Status = Status.PENDING,
    later: bool = False,
    program: str = "prog-1",
    priority: Priority = Priority.HIGH,
) -> Any:
    return DeliveryRecord(
        delivery_id=delivery_id,
        cause_event_id=uuid.uuid4(),
        event_type="PairCreated",
        program_id=program,
        correlation_id=uuid.uuid4(),
        occurred_at=NOW,
        recipient_id="p-1",
        audience=Audience.PARTICIPANT,
        channel=Channel.EMAIL,
        template="pair_introduction",
        priority=priority,
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
            deliveries.claim_many(asked, NOW, leased_at=NOW),
            deliveries.claim_many(asked, NOW, leased_at=NOW),
        )
        won = [r.delivery_id for r in first] + [r.delivery_id for r in second]
        assert sorted(won) == sorted(ids)
        assert all(r.status is Status.SENDING and r.claimed_at is not None for r in first)
        assert await deliveries.claim_many(asked, NOW, leased_at=NOW) == []
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_outcomes_written_together_report_only_those_still_being_sent(
    mongo_server: Any,
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"finish_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, collection_specs(finished_retention=timedelta(days=1)))
    publisher = RecordingPublisher()
    deliveries = MongoDeliveries(db, Outbox(publisher))
    ids = ["d-1", "d-2", "d-3"]
    await deliveries.insert_new([delivery(i) for i in ids])
    try:
        claimed = await deliveries.claim_many(ids, NOW, leased_at=NOW)
        # Crash recovery settled d-3 meanwhile: its outcome is not ours to write.
        await deliveries.finish(claimed[2], Outcome(Status.FAILED, 1, "unconfirmed_send"), NOW)
        outcomes = [
            (
                record,
                Outcome(Status.SENT, 1, events=[notification_sent(record, attempts=1, now=NOW)]),
            )
            for record in claimed
        ]
        recorded = await deliveries.finish_many(outcomes, NOW, outbox=True)
        assert recorded == {"d-1", "d-2"}
        assert publisher.events == []  # in the outbox, for the relay
        pending = await db["deliveries"].count_documents({"_outbox.0": {"$exists": True}})
        assert pending == 2
        statuses = {d["_id"]: d["status"] async for d in db["deliveries"].find({})}
        assert statuses == {"d-1": "sent", "d-2": "sent", "d-3": "failed"}
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_a_backlog_in_one_program_does_not_hold_back_another_programs_claims(
    mongo_server: Any,
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"fair_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, collection_specs(finished_retention=timedelta(days=1)))
    deliveries = MongoDeliveries(db, Outbox(RecordingPublisher()))
    # Program A's round wrote 500 invitations before program B's three reminders.
    await deliveries.insert_new([delivery(f"a-{i}", program="prog-a") for i in range(500)])
    await deliveries.insert_new([delivery(f"b-{i}", program="prog-b") for i in range(3)])
    await deliveries.insert_new(
        [delivery(f"c-{i}", program="prog-c", priority=Priority.LOW) for i in range(5)]
    )
    try:
        due = await deliveries.due(NOW, 20)
        assert len(due) == 20
        assert {"b-0", "b-1", "b-2"} <= set(due)
        assert due.index("b-2") < 6  # in the third turn, not after A's backlog
        assert not any(i.startswith("c-") for i in due)  # high priority fills the claim first

        everything = await deliveries.due(NOW, 1000)
        assert len(everything) == 508
        assert set(everything[-5:]) == {f"c-{i}" for i in range(5)}

        urgent = await deliveries.due(NOW, 1000, high_only=True)
        assert set(urgent) == set(everything) - {f"c-{i}" for i in range(5)}
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_a_series_ended_with_its_pair_is_remembered(mongo_server: Any) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"ledger_{uuid.uuid4().hex[:8]}"]
    ledger = MongoSeriesLedger(db)
    try:
        await ledger.record("pair-1", NOW)
        assert await ledger.known("pair-1")
        assert not await ledger.ended("pair-1")
        await ledger.record_end("pair-1", NOW)
        await ledger.record_end("pair-2", NOW)  # ended before its planning reached us
        assert await ledger.ended("pair-1")
        assert await ledger.ended("pair-2")
        assert await ledger.known("pair-2")
    finally:
        await client.drop_database(db.name)
        await client.close()
