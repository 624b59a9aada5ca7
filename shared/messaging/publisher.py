"""Publishing events: encoded once, keyed for per-entity order, envelope mirrored in headers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, Protocol

from faststream.kafka import KafkaBroker

from shared.events import Event, Topics, encode_event, partition_key
from shared.messaging.producer import with_live_producer


class EventPublisher(Protocol):
    """The port handlers publish through; tests use an in-memory fake."""

    async def publish(self, event: Event) -> None: ...

    async def publish_many(self, events: Iterable[Event]) -> None: ...


class KafkaEventPublisher:
    def __init__(self, broker: KafkaBroker, topics: Topics) -> None:
        self._broker = broker
        self._topics = topics

    async def publish(self, event: Event) -> None:
        await with_live_producer(self._broker, lambda: self._send(event, confirm=True))

    async def publish_many(self, events: Iterable[Event]) -> None:
        batch = list(events)

        async def send_all() -> None:
            # Handed to the producer in order without waiting for each acknowledgement: the
            # idempotent producer keeps per-partition order, and we wait for all before
            # returning, so callers only mark work published once every event is durable.
            pending = [await self._send(event, confirm=False) for event in batch]
            if pending:
                await asyncio.gather(*pending)

        await with_live_producer(self._broker, send_all)

    async def _send(self, event: Event, *, confirm: bool) -> Any:
        return await self._broker.publish(
            encode_event(event),
            topic=self._topics.for_event(event),
            key=partition_key(event),
            headers=event.envelope_headers(),
            correlation_id=str(event.correlation_id),
            no_confirm=not confirm,
        )


class RecordingPublisher:
    """An in-memory EventPublisher for unit tests of handlers."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)

    async def publish_many(self, events: Iterable[Event]) -> None:
        self.events.extend(events)

    def of_type(self, event_type: str) -> list[Event]:
        return [e for e in self.events if e.event_type == event_type]
