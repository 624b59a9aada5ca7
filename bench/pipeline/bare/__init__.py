"""What each service's main subscriber must do at the least, written without the framework.

Same decoding (pydantic, through `decode_event`), same collections with the same indexes, the
same documents, the same pure domain functions and the same events published, but only the
round trips a straightforward implementation needs: no middleware, no ports, no locks, no
outbox bookkeeping, no repeated reads. The gap to the service is what its plumbing costs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from aiokafka import AIOKafkaProducer
from pymongo.asynchronous.database import AsyncDatabase

from shared.events import Event, Topics, encode_event, partition_key
from shared.storage.mongo import CollectionSpec, Document

Db = AsyncDatabase[Document]


class Publisher:
    def __init__(self, producer: AIOKafkaProducer, topics: Topics) -> None:
        self._producer = producer
        self._topics = topics

    async def publish(self, events: Sequence[Event]) -> None:
        pending = [
            await self._producer.send(
                self._topics.for_event(e),
                encode_event(e),
                key=partition_key(e),
                headers=[(k, v.encode()) for k, v in e.envelope_headers().items()],
            )
            for e in events
        ]
        await asyncio.gather(*pending)


class BareHandler(Protocol):
    collections: Sequence[CollectionSpec]

    async def handle(self, values: Sequence[bytes]) -> None:
        """One message after another, each with its own writes."""
        ...

    async def handle_batch(self, values: Sequence[bytes]) -> None:
        """A whole batch: shared reads once, one bulk write per collection."""
        ...
