"""Record first, publish, then mark published; a relay finishes whatever a crash interrupted.

State and the events it implies are written in ONE document update (a `_outbox` array on the
aggregate's own document), so no multi-document transaction is needed; event ids are
deterministic, so republishing after a crash is harmless downstream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from shared.events import Event, decode_event
from shared.messaging.publisher import EventPublisher
from shared.observability.metrics import ServiceMetrics
from shared.storage.mongo import Document

log = logging.getLogger("twoway.outbox")

OUTBOX_FIELD = "_outbox"

OUTBOX_INDEX = IndexModel([(f"{OUTBOX_FIELD}.at", ASCENDING)], name="outbox_pending", sparse=True)
"""Lets the relay find the few documents with old pending entries without reading the whole
collection on every pass (a scan that grows with the collection, run every few seconds)."""


def outbox_entries(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Serialised events for `$push: {_outbox: {$each: ...}}` in the same update as the state.

    `at` is wall-clock time (not the service's movable clock): the relay leaves entries alone
    while the normal path is still publishing them.
    """
    now = datetime.now(UTC)
    return [{"id": str(e.event_id), "json": e.model_dump_json(), "at": now} for e in events]


def push_outbox(events: Iterable[Event]) -> dict[str, Any]:
    return {"$push": {OUTBOX_FIELD: {"$each": outbox_entries(events)}}}


def _aware(value: Any) -> datetime:
    """Entries written before timestamps existed count as old; naive values are UTC."""
    if not isinstance(value, datetime):
        return datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def pull_outbox(events: Iterable[Event]) -> dict[str, Any]:
    """The update that clears published events; can ride along with another `$set`/`$unset`."""
    return {"$pull": {OUTBOX_FIELD: {"id": {"$in": [str(e.event_id) for e in events]}}}}


class Outbox:
    """Publishes a document's pending events and clears them once Kafka has them."""

    def __init__(self, publisher: EventPublisher) -> None:
        self._publisher = publisher

    async def publish(self, events: Sequence[Event]) -> None:
        """Publish only: for events not in an outbox yet, or cleared later with `pull_outbox`
        riding along another update."""
        if events:
            await self._publisher.publish_many(events)

    async def flush(
        self, collection: AsyncCollection[Document], doc_id: Any, events: Sequence[Event]
    ) -> None:
        if not events:
            return
        await self._publisher.publish_many(events)
        await collection.update_one({"_id": doc_id}, pull_outbox(events))

    async def flush_many(
        self, collection: AsyncCollection[Document], doc_ids: Sequence[Any], events: Sequence[Event]
    ) -> None:
        """The same for many documents at once: one publish batch, one update."""
        if not events:
            return
        await self._publisher.publish_many(events)
        await collection.update_many({"_id": {"$in": list(doc_ids)}}, pull_outbox(events))


class OutboxRelay:
    """Republishes anything left unmarked: at start-up and then periodically."""

    def __init__(
        self,
        *,
        collections: Sequence[AsyncCollection[Document]],
        outbox: Outbox,
        metrics: ServiceMetrics,
        interval_seconds: float,
        batch: int = 500,
        grace_seconds: float = 10.0,
    ) -> None:
        self._collections = collections
        self._outbox = outbox
        self._metrics = metrics
        self._interval = interval_seconds
        self._batch = batch
        self._grace = timedelta(seconds=grace_seconds)
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> int:
        republished = 0
        pending_total = 0
        cutoff = datetime.now(UTC) - self._grace
        for collection in self._collections:
            # One condition on the array's elements: the dotted path means the same as
            # $elemMatch here, and unlike $elemMatch it can use OUTBOX_INDEX.
            cursor = collection.find(
                {f"{OUTBOX_FIELD}.at": {"$lt": cutoff}}, {OUTBOX_FIELD: 1}
            ).limit(self._batch)
            async for doc in cursor:
                events = [
                    decode_event(entry["json"])
                    for entry in doc.get(OUTBOX_FIELD, [])
                    if _aware(entry.get("at")) < cutoff
                ]
                pending_total += len(events)
                await self._outbox.flush(collection, doc["_id"], events)
                republished += len(events)
        self._metrics.outbox_pending.labels(self._metrics.service).set(pending_total)
        if republished:
            self._metrics.outbox_republished.labels(self._metrics.service).inc(republished)
            log.info("outbox relay republished events", extra={"events": republished})
        return republished

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("outbox relay pass failed; will retry", exc_info=True)
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
