"""Recovering the broker's producer when aiokafka gives it up for good.

After a broker restart the idempotent producer can lose track of its sequence numbers; aiokafka
then stops its sender with OutOfOrderSequenceNumber (or a fenced/unknown producer id) and every
later send fails the same way, until the process restarts. The Java client resets its producer
id in that case; here the equivalent is a fresh producer, which gets a new producer id. The send
that hit the dead producer is retried once on the fresh one: at worst a record is written twice
under the same event id, which consumers drop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from aiokafka.errors import (
    InvalidProducerEpoch,
    InvalidProducerIdMapping,
    OutOfOrderSequenceNumber,
    ProducerFenced,
    UnknownProducerId,
)
from faststream.kafka import KafkaBroker

log = logging.getLogger("twoway.producer")

T = TypeVar("T")

FATAL_PRODUCER_ERRORS: tuple[type[BaseException], ...] = (
    OutOfOrderSequenceNumber,
    ProducerFenced,
    UnknownProducerId,
    InvalidProducerEpoch,
    InvalidProducerIdMapping,
)


class _Renewal:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.generation = 0


_renewals: WeakKeyDictionary[KafkaBroker, _Renewal] = WeakKeyDictionary()


def _renewal(broker: KafkaBroker) -> _Renewal:
    renewal = _renewals.get(broker)
    if renewal is None:
        renewal = _renewals[broker] = _Renewal()
    return renewal


async def renew_producer(broker: KafkaBroker, seen_generation: int) -> None:
    """Replace the broker's producer, unless another task already did since `seen_generation`.
    Consumers are not touched: only the producer (and the admin client) are reconnected."""
    renewal = _renewal(broker)
    async with renewal.lock:
        if renewal.generation != seen_generation:
            return
        await broker.config.disconnect()
        await broker.config.connect(**broker._connection_kwargs)
        renewal.generation += 1
    log.warning("Kafka producer renewed after a fatal producer error")


async def with_live_producer(broker: KafkaBroker, send: Callable[[], Awaitable[T]]) -> T:
    """Run `send`; if the producer turns out to be dead, renew it and run `send` once more."""
    generation = _renewal(broker).generation
    try:
        return await send()
    except FATAL_PRODUCER_ERRORS as error:
        log.warning("producer failed fatally", extra={"error_type": type(error).__name__})
        await renew_producer(broker, generation)
    return await send()
