"""The outbox relay on the real database: it finds what a crash left, and only that."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from shared.events import ParticipantErased
from shared.messaging.publisher import RecordingPublisher
from shared.observability.metrics import ServiceMetrics
from shared.storage.mongo import CollectionSpec, ensure_indexes
from shared.storage.outbox import OUTBOX_FIELD, OUTBOX_INDEX, Outbox, OutboxRelay, outbox_entries

pytestmark = pytest.mark.integration


def erased(participant: str) -> ParticipantErased:
    return ParticipantErased(
        event_id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        program_id="prog-1",
        correlation_id=uuid.uuid4(),
        participant_id=participant,
    )


def pending(event: ParticipantErased, age: timedelta) -> dict[str, Any]:
    entry = outbox_entries([event])[0]
    return {**entry, "at": entry["at"] - age}


async def test_relay_republishes_only_entries_older_than_the_grace_period(
    mongo_server: Any,
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"relay_{uuid.uuid4().hex[:8]}"]
    collection = db["aggregates"]
    await ensure_indexes(db, [CollectionSpec("aggregates", [OUTBOX_INDEX])])
    left_by_crash, in_flight = erased("p-old"), erased("p-new")
    await collection.insert_many(
        [
            {"_id": "crashed", OUTBOX_FIELD: [pending(left_by_crash, timedelta(minutes=5))]},
            {"_id": "publishing", OUTBOX_FIELD: [pending(in_flight, timedelta(seconds=1))]},
            {"_id": "published", OUTBOX_FIELD: []},
            {"_id": "never-had-one"},
        ]
    )
    publisher = RecordingPublisher()
    relay = OutboxRelay(
        collections=[collection],
        outbox=Outbox(publisher),
        metrics=ServiceMetrics("matching"),
        interval_seconds=60,
        grace_seconds=30,
    )
    try:
        assert await relay.run_once() == 1
        assert [e.event_id for e in publisher.events] == [left_by_crash.event_id]
        crashed = await collection.find_one({"_id": "crashed"})
        assert crashed is not None
        assert crashed[OUTBOX_FIELD] == []
        publishing = await collection.find_one({"_id": "publishing"})
        assert publishing is not None
        assert len(publishing[OUTBOX_FIELD]) == 1
        assert await relay.run_once() == 0
    finally:
        await client.drop_database(db.name)
        await client.close()


class FindFilters(monitoring.CommandListener):
    """Records the filter of every `find` a client sends."""

    def __init__(self) -> None:
        self.filters: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "find":
            self.filters.append(dict(event.command["filter"]))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def test_relay_pass_reads_the_pending_documents_not_the_collection(
    mongo_server: Any,
) -> None:
    finds = FindFilters()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_server.uri, tz_aware=True, event_listeners=[finds]
    )
    db = client[f"relay_{uuid.uuid4().hex[:8]}"]
    collection = db["aggregates"]
    await ensure_indexes(db, [CollectionSpec("aggregates", [OUTBOX_INDEX])])
    await collection.insert_many([{"_id": i, OUTBOX_FIELD: []} for i in range(200)])
    await collection.insert_one(
        {"_id": "crashed", OUTBOX_FIELD: [pending(erased("p-1"), timedelta(minutes=5))]}
    )
    relay = OutboxRelay(
        collections=[collection],
        outbox=Outbox(RecordingPublisher()),
        metrics=ServiceMetrics("matching"),
        interval_seconds=60,
    )
    try:
        assert await relay.run_once() == 1
        # A second crash leaves an entry again: the relay's own query must go straight to it.
        await collection.update_one(
            {"_id": "crashed"},
            {"$push": {OUTBOX_FIELD: pending(erased("p-2"), timedelta(minutes=5))}},
        )
        plan = await db.command("explain", {"find": "aggregates", "filter": finds.filters[0]})
        assert plan["executionStats"]["totalDocsExamined"] == 1
    finally:
        await client.drop_database(db.name)
        await client.close()
