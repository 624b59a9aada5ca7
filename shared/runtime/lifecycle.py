"""A service process's parts and their lifecycle: indexes before work, the outbox relay and
background loops once Kafka is connected, everything stopped in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure

from shared.clock import Clock
from shared.events import Topics
from shared.messaging.dead_letter import DeadLetterRouter
from shared.messaging.publisher import KafkaEventPublisher
from shared.observability.metrics import ServiceMetrics
from shared.runtime.reachability import once_reachable
from shared.settings import ServiceSettings
from shared.storage.mongo import CollectionSpec, Document, ensure_indexes, ping
from shared.storage.outbox import OUTBOX_INDEX, Outbox, OutboxRelay

log = logging.getLogger("twoway.runtime")

BackgroundTask = Callable[[], Awaitable[None]]


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    topics: Topics
    metrics: ServiceMetrics
    broker: KafkaBroker
    dead_letters: DeadLetterRouter
    client: AsyncMongoClient[Document]
    db: AsyncDatabase[Document]
    publisher: KafkaEventPublisher
    outbox: Outbox
    clock: Clock
    collections: Sequence[CollectionSpec]
    outbox_collections: Sequence[str] = ()
    background: list[BackgroundTask] = field(default_factory=list)
    closers: list[BackgroundTask] = field(default_factory=list)
    """Closed on stop, after the background loops (e.g. change-stream watchers), while the
    database client is still open."""
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _relay: OutboxRelay | None = None

    async def start(self) -> None:
        """The unique indexes that idempotent handlers rely on exist before any work; a
        database that is briefly away is waited for."""
        specs = [
            *self.collections,
            *(CollectionSpec(name, [OUTBOX_INDEX]) for name in self.outbox_collections),
        ]
        await once_reachable(
            lambda: ensure_indexes(self.db, specs),
            unreachable=(ConnectionFailure,),
            what="database",
        )
        if self.outbox_collections:
            self._relay = OutboxRelay(
                collections=[self.db[name] for name in self.outbox_collections],
                outbox=self.outbox,
                metrics=self.metrics,
                interval_seconds=self.settings.outbox_relay_interval_seconds,
                grace_seconds=self.settings.outbox_relay_grace_seconds,
            )

    def start_after_broker(self) -> None:
        """Once Kafka is connected: the relay republishes what a previous run left behind, and
        the background loops (timers...) start, since their work ends in publishing."""
        if self._relay is not None:
            self._relay.start()
        for task in self.background:
            self._tasks.append(asyncio.create_task(_forever(task), name=task.__name__))

    async def stop(self) -> None:
        if self._relay is not None:
            await self._relay.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for close in self.closers:
            await close()

    async def readiness(self) -> dict[str, bool]:
        broker_ok = False
        try:
            broker_ok = bool(await self.broker.ping(timeout=2.0))
        except Exception:
            broker_ok = False
        return {"kafka": broker_ok, "mongodb": await ping(self.db)}


async def _forever(task: BackgroundTask) -> None:
    """Background loops must survive a failed pass: log it and start the next one."""
    while True:
        try:
            await task()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning(
                "background task failed; restarting", exc_info=True, extra={"task": task.__name__}
            )
            await asyncio.sleep(1.0)
