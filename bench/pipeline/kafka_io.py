"""Producing workloads, watching a consumer group's progress, and timing what comes out."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from bench.pipeline.workload import Message


class Producer:
    """Keyed, idempotent, acks=all: the same settings the services produce with."""

    def __init__(self, bootstrap: str, prefix: str) -> None:
        self._prefix = prefix
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=2
        )
        self.produced: dict[str, int] = defaultdict(int)

    async def __aenter__(self) -> Producer:
        await self._producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._producer.stop()

    def topic(self, stream: str) -> str:
        return self._prefix + stream

    async def burst(self, messages: Iterable[Message]) -> float:
        """Everything as fast as the producer takes it; returns when all are acknowledged."""
        started = time.time()
        pending = []
        for m in messages:
            pending.append(await self._producer.send(self.topic(m.stream), m.value, key=m.key))
            self.produced[self.topic(m.stream)] += 1
        await asyncio.gather(*pending)
        return started

    async def paced(self, messages: Sequence[Message], rate: float) -> dict[Any, float]:
        """One message every 1/rate seconds; returns the wall time each one was handed over."""
        sent: dict[Any, float] = {}
        pending = []
        start = time.monotonic()
        for index, m in enumerate(messages):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[m.event_id] = time.time()
            pending.append(await self._producer.send(self.topic(m.stream), m.value, key=m.key))
            self.produced[self.topic(m.stream)] += 1
        await asyncio.gather(*pending)
        return sent


class GroupWatch:
    """How far a consumer group has committed, from the broker's point of view."""

    def __init__(self, bootstrap: str) -> None:
        self._admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)

    async def __aenter__(self) -> GroupWatch:
        await self._admin.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._admin.close()

    async def committed(self, group: str) -> dict[str, int]:
        try:
            offsets = await self._admin.list_consumer_group_offsets(group)
        except KafkaError:  # no coordinator yet, right after the broker started
            return {}
        totals: dict[str, int] = defaultdict(int)
        for partition, meta in offsets.items():
            if meta.offset > 0:
                totals[partition.topic] += meta.offset
        return totals

    async def members(self, group: str) -> int:
        try:
            described = await self._admin.describe_consumer_groups([group])
        except KafkaError:
            return 0
        for response in described:
            for entry in response.groups:
                state, members = entry[2], entry[5]
                if state == "Stable":
                    return len(members)
        return 0

    async def caught_up(self, group: str, produced: dict[str, int]) -> bool:
        done = await self.committed(group)
        return all(done.get(topic, 0) >= count for topic, count in produced.items())

    async def wait_caught_up(
        self, group: str, produced: dict[str, int], *, timeout: float, poll: float = 0.1
    ) -> float:
        """Wall time at which every produced message was committed by the group."""
        deadline = time.monotonic() + timeout
        while not await self.caught_up(group, produced):
            if time.monotonic() > deadline:
                done = await self.committed(group)
                raise TimeoutError(f"{group} still behind: {dict(done)} of {produced}")
            await asyncio.sleep(poll)
        return time.time()

    async def wait_members(self, group: str, count: int, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while await self.members(group) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{group} has not got {count} stable members")
            await asyncio.sleep(0.2)


@dataclass
class Arrival:
    at: float
    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


@dataclass
class OutputCollector:
    """Reads output topics from the start and notes when each record became readable."""

    bootstrap: str
    topics: Sequence[str]
    arrivals: list[Arrival] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> OutputCollector:
        self._consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            group_id=None,
            fetch_max_wait_ms=50,
        )
        await self._consumer.start()
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._consumer is not None:
            await self._consumer.stop()

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batch = await self._consumer.getmany(timeout_ms=100, max_records=5_000)
            at = time.time()
            for records in batch.values():
                for r in records:
                    headers = {k: v.decode("utf-8", "replace") for k, v in r.headers or ()}
                    self.arrivals.append(Arrival(at, r.topic, r.key, r.value, headers))

    def of_type(self, event_type: str) -> list[Arrival]:
        return [a for a in self.arrivals if a.headers.get("event_type") == event_type]

    def count(self, event_type: str) -> int:
        return sum(1 for a in self.arrivals if a.headers.get("event_type") == event_type)

    async def wait_count(self, event_type: str, count: int, *, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while self.count(event_type) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.count(event_type)} of {count} {event_type} arrived")
            await asyncio.sleep(0.05)
        return max(a.at for a in self.of_type(event_type))
