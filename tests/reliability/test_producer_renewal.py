"""A producer that aiokafka has given up on is replaced, and the event still goes out.

Found by the broker-restart fault: after Kafka came back, two services' idempotent producers
failed every send with OutOfOrderSequenceNumber, so their outboxes and timers could publish
nothing until the process was restarted.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka.errors import OutOfOrderSequenceNumber
from faststream.kafka import KafkaBroker

from shared.events import ParticipantErased, Topics
from shared.messaging.broker import build_broker
from shared.messaging.producer import _renewal
from shared.messaging.publisher import KafkaEventPublisher
from shared.settings import ServiceSettings
from tests.support.kafka_tools import collect, create_topics, unique_prefix

pytestmark = pytest.mark.integration


def erased(n: int) -> ParticipantErased:
    return ParticipantErased(
        event_id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        program_id="prog-1",
        correlation_id=uuid.uuid4(),
        participant_id=f"p-{n}",
    )


def aiokafka_producer(broker: KafkaBroker) -> Any:
    return broker.config.broker_config.producer._producer.producer  # type: ignore[attr-defined]


def kill_producer(broker: KafkaBroker) -> Any:
    """Make the current producer fail every send the way a stopped sender does."""
    producer = aiokafka_producer(broker)

    async def dead(*_args: Any, **_kwargs: Any) -> Any:
        raise OutOfOrderSequenceNumber("sequence lost across a broker restart")

    producer.send = dead
    return producer


@pytest.fixture
async def broker(kafka_server: Any) -> AsyncIterator[tuple[KafkaBroker, str]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=1)
    settings = ServiceSettings(
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_prefix=prefix,
        auth_mode="disabled",
    )
    built = build_broker(settings)
    await built.start()
    try:
        yield built, prefix
    finally:
        await built.stop()


async def test_a_dead_producer_is_renewed_and_the_event_published(
    broker: tuple[KafkaBroker, str], kafka_server: Any
) -> None:
    kafka, prefix = broker
    publisher = KafkaEventPublisher(kafka, Topics(prefix))
    dead = kill_producer(kafka)
    event = erased(1)
    await publisher.publish(event)
    assert aiokafka_producer(kafka) is not dead
    records = await collect(
        kafka_server.bootstrap_servers, prefix + "participants", until=lambda r: len(r) >= 1
    )
    assert [r.value for r in records] == [event.model_dump_json().encode()]


async def test_concurrent_failures_renew_the_producer_once(
    broker: tuple[KafkaBroker, str], kafka_server: Any
) -> None:
    kafka, prefix = broker
    publisher = KafkaEventPublisher(kafka, Topics(prefix))
    kill_producer(kafka)
    before = _renewal(kafka).generation
    events = [erased(n) for n in range(10)]
    await asyncio.gather(*(publisher.publish_many([e]) for e in events))
    assert _renewal(kafka).generation == before + 1
    records = await collect(
        kafka_server.bootstrap_servers, prefix + "participants", until=lambda r: len(r) >= 10
    )
    assert {r.value for r in records} == {e.model_dump_json().encode() for e in events}
