"""The faults: kill -9 a service, stop the broker, stop the databases, poison every topic.

Each fault is timed: when it was injected, when it was cleared (the process or server is back),
and when every consumer group had caught up with everything written before it was cleared.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, MessageSizeTooLargeError

from bench.load.api import Api
from bench.load.lag import caught_up_with, snapshot_ends
from bench.load.wire import FAULT_HEADER, start_client
from bench.load.world import EDGE_PROBE_STREAM, STREAMS, World
from deploy.local.process import InfraError

log = logging.getLogger("bench.load.faults")

POISON_REASONS = {
    "not_json": "malformed_json",
    "wrong_schema": "invalid_field",
    "unknown_type": "unknown_event_type",
    "oversized_5mb": "invalid_field",
    "huge_number": "malformed_json",
}
OVERSIZED_BYTES = 5 * 1024 * 1024


@dataclass
class FaultRecord:
    name: str
    injected_at: float
    injected_wall: str
    cleared_at: float | None = None
    recovered_at: float | None = None
    detail: str = ""

    @property
    def outage_seconds(self) -> float | None:
        return None if self.cleared_at is None else self.cleared_at - self.injected_at

    @property
    def recovery_seconds(self) -> float | None:
        if self.recovered_at is None or self.cleared_at is None:
            return None
        return self.recovered_at - self.cleared_at

    def as_dict(self) -> dict[str, Any]:
        return {
            "fault": self.name,
            "injected_at": self.injected_wall,
            "outage_seconds": _round(self.outage_seconds),
            "time_to_recover_seconds": _round(self.recovery_seconds),
            "detail": self.detail,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class Poison:
    topic: str
    kind: str
    key: bytes

    @property
    def expected_reason(self) -> str:
        return POISON_REASONS[self.kind]


def poison_body(kind: str) -> bytes:
    envelope = {
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
        "program_id": "poison",
        "correlation_id": str(uuid.uuid4()),
    }
    if kind == "not_json":
        return b"\x00\xffthis is {not JSON"
    if kind == "wrong_schema":
        return json.dumps({**envelope, "event_type": "PairCreated", "pair_id": 42}).encode()
    if kind == "unknown_type":
        return json.dumps({**envelope, "event_type": "PairDissolvedByMagic"}).encode()
    if kind == "huge_number":
        # More digits than Python converts to an int: once a plain ValueError that escaped
        # the dead-letter path and would have been redelivered forever.
        body = json.dumps({**envelope, "event_type": "PairCreated", "score": "__n__"})
        return body.replace('"__n__"', "9" * 5_000).encode()
    padding = "x" * OVERSIZED_BYTES
    return json.dumps(
        {**envelope, "event_type": "ParticipantWithdrew", "padding": padding}
    ).encode()


async def _send_while_broker_away(
    producer: AIOKafkaProducer, topic: str, value: bytes, **options: Any
) -> None:
    """Send, waiting out a broker that another fault of the same wave has stopped; a refusal
    for size is the broker's answer, not its absence."""
    for _ in range(300):
        try:
            await producer.send_and_wait(topic, value, **options)
            return
        except MessageSizeTooLargeError:
            raise
        except KafkaError:
            await asyncio.sleep(1.0)
    await producer.send_and_wait(topic, value, **options)


@dataclass
class FaultInjector:
    world: World
    api: Api
    program_time: Callable[[], datetime]
    started: float = field(default_factory=time.monotonic)
    faults: list[FaultRecord] = field(default_factory=list)
    poisons: list[Poison] = field(default_factory=list)
    edge_check: str = ""
    serialize: bool = True
    """One fault at a time (clean recovery figures); off, faults of a wave overlap."""
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _watchers: list[asyncio.Task[None]] = field(default_factory=list)

    def _begin(self, name: str) -> FaultRecord:
        record = FaultRecord(name, time.monotonic() - self.started, datetime.now(UTC).isoformat())
        self.faults.append(record)
        log.warning("fault injected: %s", name)
        return record

    async def _cleared(self, record: FaultRecord) -> None:
        record.cleared_at = time.monotonic() - self.started
        ends = await snapshot_ends(self.world)
        self._watchers.append(asyncio.create_task(self._watch_recovery(record, ends)))

    async def _watch_recovery(self, record: FaultRecord, ends: dict[Any, int]) -> None:
        while True:
            if await caught_up_with(self.world, ends):
                break
            await asyncio.sleep(0.5)
        record.recovered_at = time.monotonic() - self.started
        log.warning("recovered from %s in %.1fs", record.name, record.recovery_seconds or 0)

    async def wait_recovered(self, timeout: float) -> None:
        pending = [w for w in self._watchers if not w.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def cancel_watchers(self) -> None:
        for watcher in self._watchers:
            watcher.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)

    def _turn(self) -> Any:
        return self._lock if self.serialize else contextlib.nullcontext()

    async def kill_service(self, name: str, down_seconds: float = 1.0) -> None:
        async with self._turn():
            record = self._begin(f"kill -9 {name}")
            await asyncio.to_thread(self.world.platform.kill, name)
            await asyncio.sleep(down_seconds)
            failed_starts = await self._restart(name)
            if failed_starts:
                record.detail = f"{failed_starts} start(s) failed before it stayed up"
            await self.api.set_clock(name, self.program_time())
            await self._cleared(record)

    async def _restart(self, name: str, attempts: int = 3) -> int:
        """Start the service again, as an orchestrator would: a start that fails is retried.
        Returns how many starts failed."""
        for failed in range(attempts):
            self.world.set_clock_start(self.program_time())
            try:
                await asyncio.to_thread(self.world.platform.start, name, 0, timeout=300.0)
                return failed
            except InfraError:
                log.warning("%s failed to start; starting it again", name)
                await asyncio.sleep(10.0)
        raise InfraError(f"{name} did not start in {attempts} attempts")

    async def broker_outage(self, down_seconds: float = 5.0) -> None:
        async with self._turn():
            record = self._begin("Kafka broker stop + restart")
            await asyncio.to_thread(self.world.kafka.stop)
            await asyncio.sleep(down_seconds)
            await asyncio.to_thread(self.world.kafka.start)
            await self._cleared(record)

    async def database_outage(self, down_seconds: float = 30.0) -> None:
        """Every service's database server stopped at once, then started again: as harsh as
        the one shared server's outage was, with every service waiting on its own."""
        async with self._turn():
            record = self._begin(f"database stop {down_seconds:.0f}s + restart")
            servers = self.world.databases
            record.detail = f"stopped the database servers of {', '.join(servers)}"
            await asyncio.gather(*(asyncio.to_thread(s.process.stop) for s in servers.values()))
            await asyncio.sleep(down_seconds)
            await asyncio.gather(*(asyncio.to_thread(s.start) for s in servers.values()))
            await self._cleared(record)

    async def poison_every_topic(self) -> None:
        async with self._turn():
            record = self._begin("poison messages on every stream topic")
            producer = AIOKafkaProducer(
                bootstrap_servers=self.world.bootstrap,
                max_request_size=OVERSIZED_BYTES * 2,
                acks="all",
                enable_idempotence=True,
            )
            await start_client(producer)
            try:
                for stream in STREAMS:
                    topic = self.world.prefix + stream
                    for kind in POISON_REASONS:
                        key = f"poison-{kind}-{stream}".encode()
                        await _send_while_broker_away(
                            producer,
                            topic,
                            poison_body(kind),
                            key=key,
                            headers=[(FAULT_HEADER, b"poison"), ("x-poison-kind", kind.encode())],
                        )
                        self.poisons.append(Poison(topic, kind, key))
                self.edge_check = await self._edge_refuses_large(producer)
            finally:
                await producer.stop()
            record.detail = f"{len(self.poisons)} messages; default-limit topic: {self.edge_check}"
            await self._cleared(record)

    async def _edge_refuses_large(self, producer: AIOKafkaProducer) -> str:
        """A topic with the broker's default limit refuses the same 5 MB message outright."""
        try:
            await _send_while_broker_away(
                producer,
                self.world.prefix + EDGE_PROBE_STREAM,
                poison_body("oversized_5mb"),
                headers=[(FAULT_HEADER, b"poison")],
            )
        except MessageSizeTooLargeError as error:
            return f"refused by the broker ({type(error).__name__})"
        return "ACCEPTED (unexpected)"

    def report(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.faults]
