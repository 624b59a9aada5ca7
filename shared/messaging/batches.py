"""Batch consumption with the delivery guarantees of one message at a time.

A batch subscriber (FastStream `batch=True`, records from one `getmany`) hands its handler every
record of the batch at once, so the handler can read what it needs once and write in bulk. The
offsets are committed only after the whole batch succeeded (the subscribers' ack policy), and a
failed batch is rewound as a whole, so commit-after-durable-write holds; handlers stay
idempotent, so work done by a failed attempt is harmless when it is repeated.

A poison message must not hold back the rest: when the batch fails as a whole, the records that
cannot be decoded go to the dead-letter topic alone and the others are tried again together;
if that fails too, each record runs on its own with the usual retries, and only the one that
still fails is dead-lettered. Records keep their order throughout (Kafka's order per partition,
hence per key).
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from faststream.message import StreamMessage
from pydantic import ValidationError

from shared.events import Event, EventDecodeError, decode_event, partition_key
from shared.observability.logging import correlation_id_var, event_id_var

log = logging.getLogger("twoway.batches")

CallNext = Callable[[Any], Awaitable[Any]]
E = TypeVar("E")


class RecordRouter(Protocol):
    """What a batch needs of the dead-letter router (declared here, so the router can use
    batches without the two modules importing each other)."""

    async def dead_letter_record(
        self, record: Any, body: bytes, error: BaseException, *, attempts: int
    ) -> None: ...

    async def process_record(
        self, call_next: CallNext, msg: StreamMessage[Any], record: Any, body: bytes
    ) -> Any: ...


def batch_of(msg: StreamMessage[Any], records: Sequence[Any]) -> StreamMessage[Any]:
    """The same batch message holding only `records` (decoded afresh from them)."""
    subset = copy.copy(msg)
    subset.raw_message = tuple(records)
    subset.body = [record.value or b"" for record in records]
    return subset


async def run_batch(router: RecordRouter, call_next: CallNext, msg: StreamMessage[Any]) -> Any:
    records = tuple(msg.raw_message)
    correlation_id_var.set(None)
    event_id_var.set(None)
    if not records:
        return None
    try:
        return await call_next(msg)
    except Exception as error:
        log.warning(
            "batch failed as a whole; its records are separated",
            extra={"records": len(records), "error_type": type(error).__name__},
        )
    decodable = []
    for record in records:
        body = record.value or b""
        try:
            decode_event(body)
        except (EventDecodeError, ValidationError) as error:
            await router.dead_letter_record(record, body, error, attempts=1)
            continue
        decodable.append(record)
    if len(decodable) < len(records) and decodable:
        try:
            return await call_next(batch_of(msg, decodable))
        except Exception as error:
            log.warning(
                "batch failed without its undecodable records; each runs alone",
                extra={"records": len(decodable), "error_type": type(error).__name__},
            )
    for record in decodable:
        await router.process_record(
            call_next, batch_of(msg, (record,)), record, record.value or b""
        )
    return None


async def in_key_order(
    events: Sequence[E],
    handle: Callable[[E], Awaitable[None]],
    *,
    key: Callable[[E], str],
    concurrency: int = 16,
) -> None:
    """Handle a batch's events one by one per key, in their order, and different keys side
    by side (at most `concurrency` at once): what one key's handler waits for, another's
    fills. The first failure fails the batch, after the other keys finished what they had
    started (handlers are idempotent, so the redelivery repeats nothing)."""
    queues: dict[str, list[E]] = {}
    for event in events:
        queues.setdefault(key(event), []).append(event)
    gate = asyncio.Semaphore(concurrency)

    async def drain(queue: list[E]) -> None:
        async with gate:
            for event in queue:
                await handle(event)

    results = await asyncio.gather(*(drain(q) for q in queues.values()), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


def entity_key(event: Event) -> str:
    """The entity whose events must stay in order: the person for a participant's events (the
    participants topic is keyed by program, a coarser key), else the topic's own key."""
    participant = getattr(event, "participant", None)
    if participant is not None:
        return f"participant:{participant.participant_id}"
    participant_id = getattr(event, "participant_id", None)
    if isinstance(participant_id, str):
        return f"participant:{participant_id}"
    return partition_key(event).decode("utf-8")
