"""Producing and reading raw Kafka messages in tests, with the real broker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.events import Event, all_topics, encode_event, partition_key
from shared.events.catalog import STREAM_OF


def unique_prefix() -> str:
    """A topic prefix of its own for each test, so tests never see each other's messages."""
    return f"t{uuid.uuid4().hex[:10]}."


async def create_topics(bootstrap: str, prefix: str, partitions: int | None = None) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        wanted = all_topics(prefix)
        await admin.create_topics(
            [NewTopic(name, partitions or count, 1) for name, count in wanted.items()]
        )
    finally:
        await admin.close()


async def produce(
    bootstrap: str,
    topic: str,
    value: bytes,
    *,
    key: bytes | None = None,
    headers: list[tuple[str, bytes]] | None = None,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def produce_events(bootstrap: str, prefix: str, events: list[Event]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                prefix + STREAM_OF[event.event_type], encode_event(event), key=partition_key(event)
            )
    finally:
        await producer.stop()


async def collect(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[ConsumerRecord[Any, Any]]], bool],
    timeout: float = 30.0,
) -> list[ConsumerRecord[Any, Any]]:
    """Read `topic` from the beginning until `until(records)` holds.

    A condition still unmet after `timeout` seconds fails the test here, saying so, rather than
    handing back a partial read for a later assertion to misreport.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    records: list[ConsumerRecord[Any, Any]] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while not until(records):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"{topic}: the awaited records did not arrive within {timeout:.0f} s "
                    f"({len(records)} records read)"
                )
            batch = await consumer.getmany(timeout_ms=int(min(remaining, 0.5) * 1000))
            for partition_records in batch.values():
                records.extend(partition_records)
    finally:
        await consumer.stop()
    return records
