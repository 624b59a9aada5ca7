"""Raw Kafka access for the load: follow the streams live, and read a topic to its end.

Neither uses a consumer group, so they never disturb the services' offsets. Records the run
injected itself carry an `x-twoway-fault` header and are told apart from the services' own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.events import Event, EventDecodeError, decode_event

log = logging.getLogger("bench.load.wire")

FAULT_HEADER = "x-twoway-fault"
FETCH_BYTES = 8 * 1024 * 1024


def header(record: Any, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def injected(record: Any) -> str | None:
    """The kind of fault a record is (duplicate, late-duplicate, poison), None for originals."""
    return header(record, FAULT_HEADER)


def consumer(bootstrap: str, *topics: str) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=FETCH_BYTES,
        fetch_max_bytes=FETCH_BYTES * 2,
        request_timeout_ms=15_000,
        retry_backoff_ms=250,
    )


@dataclass(frozen=True, slots=True)
class Seen:
    topic: str
    partition: int
    offset: int
    event: Event


class WireTail:
    """Follows topics from their beginning for as long as the run lasts, surviving broker
    restarts; calls `on_event` for every decodable original record."""

    def __init__(
        self, bootstrap: str, topics: Sequence[str], on_event: Callable[[Seen], None]
    ) -> None:
        self._bootstrap = bootstrap
        self._topics = list(topics)
        self._on_event = on_event
        self._task: asyncio.Task[None] | None = None
        self.records = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="wire-tail")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        tail = consumer(self._bootstrap, *self._topics)
        await start_client(tail)
        try:
            while True:
                try:
                    batch = await tail.getmany(timeout_ms=500, max_records=2_000)
                except Exception:  # the broker is away: the consumer reconnects by itself
                    log.info("wire tail waiting for the broker", exc_info=True)
                    await asyncio.sleep(1.0)
                    continue
                for records in batch.values():
                    for record in records:
                        self.records += 1
                        if injected(record) is not None:
                            continue
                        try:
                            event = decode_event(record.value)
                        except EventDecodeError:
                            continue
                        self._on_event(Seen(record.topic, record.partition, record.offset, event))
        finally:
            await tail.stop()


async def start_client(client: Any) -> None:
    """Start a client, waiting out a broker that is restarting."""
    for _ in range(120):
        try:
            await client.start()
            return
        except Exception:
            await asyncio.sleep(1.0)
    await client.start()


async def partitions_of(bootstrap: str, topics: Sequence[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await start_client(admin)
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    return [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]


async def read_to_end(bootstrap: str, topics: Sequence[str]) -> list[Any]:
    """Every record of `topics` from the beginning to the end offsets as of now."""
    parts = await partitions_of(bootstrap, topics)
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=FETCH_BYTES,
        fetch_max_bytes=FETCH_BYTES * 2,
    )
    await start_client(reader)
    records: list[Any] = []
    try:
        reader.assign(parts)
        await reader.seek_to_beginning(*parts)
        ends = await reader.end_offsets(parts)
        remaining = {tp for tp in parts if ends[tp] > 0}
        while remaining:
            batch = await reader.getmany(*remaining, timeout_ms=1_000, max_records=5_000)
            for part in batch.values():
                records.extend(part)
            for tp in list(remaining):
                if await reader.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await reader.stop()
    return records


async def end_offsets(bootstrap: str, topics: Sequence[str]) -> dict[TopicPartition, int]:
    parts = await partitions_of(bootstrap, topics)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, request_timeout_ms=15_000)
    await start_client(reader)
    try:
        return dict(await reader.end_offsets(parts))
    finally:
        await reader.stop()


async def committed(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await start_client(admin)
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}
