"""A burst of PairCreated is planned a batch at a time: every pair once, no person booked twice
at the same hour, a poison message dead-lettered alone while the rest of its batch is planned."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from services.scheduling.bootstrap import create_app
from shared.events import Event, encode_event, partition_key
from shared.events.catalog import STREAM_OF
from tests.integration.scheduling.scenario import (
    TUESDAY_AND_WEDNESDAY,
    clock,
    settings,
    wait_for,
    world,
)
from tests.support.kafka_tools import collect, create_topics, produce_events, unique_prefix
from tests.support.service_runner import running_service, wait_until_ready
from tests.unit.scheduling.builders import pair_created

pytestmark = pytest.mark.integration

PAIRS = 40
POISON = b'{"event_type": "PairCreated", "schema_version": '


async def produce_together(bootstrap: str, prefix: str, items: list[Event | bytes]) -> None:
    """Handed to the producer without waiting for each, so they arrive in few fetches."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for item in items:
            if isinstance(item, bytes):
                await producer.send(prefix + "pairs", item, key=b"poison")
            else:
                topic = prefix + STREAM_OF[item.event_type]
                await producer.send(topic, encode_event(item), key=partition_key(item))
        await producer.flush()
    finally:
        await producer.stop()


def overlapping(slots: list[tuple[datetime, datetime]]) -> bool:
    ordered = sorted(slots)
    return any(later[0] < earlier[1] for earlier, later in pairwise(ordered))


async def test_a_burst_of_pairs_is_planned_in_batches_with_the_poison_dead_lettered_alone(
    kafka_server: Any, mongo_server: Any
) -> None:
    prefix = unique_prefix()
    bootstrap = kafka_server.bootstrap_servers
    await create_topics(bootstrap, prefix, partitions=3)
    config = settings(kafka_server, mongo_server, prefix)
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[config.database_name]
    pairs: list[Event] = [
        pair_created(f"pair-{n}", f"j-{n}", f"s-{n}") for n in range(1, PAIRS + 1)
    ]
    # Two more pairs for the first senior: their sessions must not fall on its booked hours.
    shared = [pair_created(f"pair-s1-{n}", f"j-{PAIRS + n}", "s-1") for n in (1, 2)]
    burst: list[Event | bytes] = [*pairs[:20], POISON, pairs[0], *shared, *pairs[20:]]
    try:
        async with running_service(create_app(config, clock())) as url:
            await wait_until_ready(url)
            await produce_events(bootstrap, prefix, world(PAIRS + 2, windows=TUESDAY_AND_WEDNESDAY))

            async def people_known() -> bool:
                return await db["participants"].count_documents({}) == 2 * (PAIRS + 2)

            await wait_for(people_known)
            await produce_together(bootstrap, prefix, burst)

            async def all_settled() -> list[dict[str, Any]]:
                docs = await db["series"].find({}).to_list(None)
                done = [d for d in docs if d["status"] in ("planned", "unschedulable")]
                clean = all(not d.get("_outbox") and "timers_dirty" not in d for d in done)
                return docs if len(done) == PAIRS + 2 and clean else []

            series = await wait_for(all_settled, timeout=90)
            letters = await collect(
                bootstrap, prefix + "dlq.scheduling", until=lambda r: len(r) >= 1
            )
            timers = await db["timers"].distinct("pair_id")
    finally:
        await client.close()

    assert len(series) == PAIRS + 2  # the duplicate PairCreated made no second series
    planned = [d for d in series if d["status"] == "planned"]
    assert {d["_id"] for d in planned} >= {f"pair-{n}" for n in range(1, PAIRS + 1)}
    senior_hours = [
        (s["start"], s["end"]) for d in planned if "s-1" in d["participants"] for s in d["sessions"]
    ]
    assert not overlapping(senior_hours)
    assert set(timers) == {d["_id"] for d in planned}
    (letter,) = letters
    headers = {k: v.decode() for k, v in letter.headers}
    assert letter.value == POISON
    assert headers["x-dlq-reason"] == "malformed_json"
    assert headers["x-dlq-attempts"] == "1"
