"""The delivery promises of the shared plumbing, on the real broker and database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from shared.events import ParticipantErased, Topics, encode_event
from shared.messaging.publisher import KafkaEventPublisher
from shared.settings import ServiceSettings
from tests.support.kafka_tools import collect, create_topics, produce, unique_prefix
from tests.support.probe_service import build
from tests.support.service_runner import _free_port, running_service, wait_until_ready

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def erased(participant: str = "p-1") -> ParticipantErased:
    return ParticipantErased(
        event_id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        program_id="prog-1",
        correlation_id=uuid.uuid4(),
        participant_id=participant,
    )


def probe_settings(kafka: Any, mongo: Any, prefix: str, **extra: Any) -> ServiceSettings:
    return ServiceSettings(
        service_name="matching",  # reuses a real service's DLQ topic name
        kafka_bootstrap_servers=kafka.bootstrap_servers,
        mongo_uri=mongo.uri,
        mongo_database=f"probe_{prefix.strip('.')}",
        topic_prefix=prefix,
        auth_mode="disabled",
        retry_base_delay_seconds=0.05,
        retry_max_delay_seconds=0.2,
        log_json=True,
        **extra,
    )


@pytest.fixture
async def prefix(kafka_server: Any) -> str:
    name = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, name, partitions=1)
    return name


@pytest.fixture
async def mongo(mongo_server: Any) -> AsyncIterator[AsyncMongoClient[Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri)
    yield client
    await client.close()


async def wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


async def test_published_event_is_consumed_once_by_the_group(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = probe_settings(kafka_server, mongo_server, prefix)
    attempts = mongo[settings.database_name]["attempts"]
    app = build(settings)
    async with running_service(app) as url:
        await wait_until_ready(url)
        event, sentinel = erased(), erased()
        publisher = KafkaEventPublisher(app._brokers[0], Topics(prefix))
        await publisher.publish(event)
        await wait_for(lambda: attempts.find_one({"event_id": str(event.event_id), "done": True}))
        # Same key, so the same partition: once the sentinel is handled, a second delivery
        # of the first event would have been handled before it.
        await publisher.publish(sentinel)
        await wait_for(
            lambda: attempts.find_one({"event_id": str(sentinel.event_id), "done": True})
        )
        doc = await attempts.find_one({"event_id": str(event.event_id)})
        assert doc["attempts"] == 1


async def test_transient_failure_is_retried_until_it_succeeds(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = probe_settings(kafka_server, mongo_server, prefix)
    attempts = mongo[settings.database_name]["attempts"]
    async with running_service(build(settings, "fail_2")) as url:
        await wait_until_ready(url)
        event = erased()
        await produce(
            kafka_server.bootstrap_servers,
            prefix + "participants",
            encode_event(event),
            key=b"prog-1",
        )
        doc = await wait_for(
            lambda: attempts.find_one({"event_id": str(event.event_id), "done": True})
        )
        assert doc["attempts"] == 3
        async with httpx.AsyncClient(base_url=url) as client:
            metrics = (await client.get("/metrics")).text
        assert 'twoway_handler_retries_total{error_type="RuntimeError"' in metrics
        # The sentinel: a message nobody can decode, on the same key after the retried one.
        # It is dead-lettered; had the retried event been, its dead letter would come first.
        poison = b"not an event"
        await produce(
            kafka_server.bootstrap_servers, prefix + "participants", poison, key=b"prog-1"
        )
        dead = await collect(
            kafka_server.bootstrap_servers, prefix + "dlq.matching", until=lambda r: bool(r)
        )
    assert [record.value for record in dead] == [poison]


async def test_permanent_failure_ends_in_dlq_after_configured_attempts(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = probe_settings(kafka_server, mongo_server, prefix, retry_attempts=3)
    attempts = mongo[settings.database_name]["attempts"]
    async with running_service(build(settings, "always_fail")) as url:
        await wait_until_ready(url)
        event = erased()
        await produce(kafka_server.bootstrap_servers, prefix + "participants", encode_event(event))
        dead = await collect(
            kafka_server.bootstrap_servers, prefix + "dlq.matching", until=lambda r: len(r) >= 1
        )
    assert len(dead) == 1
    headers = {k: v.decode() for k, v in dead[0].headers}
    assert headers["x-dlq-attempts"] == "3"
    assert headers["x-dlq-error-type"] == "RuntimeError"
    assert headers["x-dlq-reason"] == "handler_failed"
    assert dead[0].value == encode_event(event)
    doc = await attempts.find_one({"event_id": str(event.event_id)})
    assert doc["attempts"] == 3


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\x00not json at all", "malformed_json"),
        (b'{"event_type": "ParticipantErased", "participant_id": "x"}', "invalid_field"),
        (b'{"event_type": "SomethingElse"}', "unknown_event_type"),
    ],
)
async def test_poison_message_lands_in_dlq_and_next_message_is_processed(
    kafka_server: Any,
    mongo_server: Any,
    prefix: str,
    mongo: AsyncMongoClient[Any],
    payload: bytes,
    reason: str,
) -> None:
    settings = probe_settings(kafka_server, mongo_server, prefix)
    attempts = mongo[settings.database_name]["attempts"]
    topic = prefix + "participants"
    good = erased()
    async with running_service(build(settings)) as url:
        await wait_until_ready(url)
        started = asyncio.get_running_loop().time()
        await produce(kafka_server.bootstrap_servers, topic, payload, key=b"prog-1")
        await produce(kafka_server.bootstrap_servers, topic, encode_event(good), key=b"prog-1")
        dead = await collect(
            kafka_server.bootstrap_servers, prefix + "dlq.matching", until=lambda r: len(r) >= 1
        )
        assert asyncio.get_running_loop().time() - started < 10
        await wait_for(lambda: attempts.find_one({"event_id": str(good.event_id), "done": True}))
    assert len(dead) == 1
    headers = {k: v.decode() for k, v in dead[0].headers}
    assert headers["x-dlq-source-topic"] == topic
    assert headers["x-dlq-source-partition"] == "0"
    assert headers["x-dlq-source-offset"] == "0"
    assert headers["x-dlq-reason"] == reason
    assert headers["x-dlq-attempts"] == "1"
    assert headers["x-dlq-error-type"]
    assert headers["x-dlq-error-message"]
    assert dead[0].value == payload


async def test_offset_is_not_committed_before_the_handler_finished(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    """Kill -9 the consumer while its handler runs; after a restart the message comes back."""
    settings = probe_settings(kafka_server, mongo_server, prefix)
    attempts = mongo[settings.database_name]["attempts"]
    env = {
        **os.environ,
        "TWOWAY_SERVICE_NAME": settings.service_name,
        "TWOWAY_KAFKA_BOOTSTRAP_SERVERS": kafka_server.bootstrap_servers,
        "TWOWAY_MONGO_URI": mongo_server.uri,
        "TWOWAY_MONGO_DATABASE": settings.database_name,
        "TWOWAY_TOPIC_PREFIX": prefix,
        "TWOWAY_AUTH_MODE": "disabled",
        "TWOWAY_HTTP_HOST": "127.0.0.1",
        "PYTHONPATH": str(REPO),
    }

    def start(mode: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.support.probe_service"],
            env={**env, "PROBE_MODE": mode, "TWOWAY_HTTP_PORT": str(_free_port())},
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    event = erased()
    first = start("hang")
    try:
        await produce(kafka_server.bootstrap_servers, prefix + "participants", encode_event(event))
        await wait_for(lambda: attempts.find_one({"event_id": str(event.event_id)}), timeout=60)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    second = start("ok")
    try:
        doc = await wait_for(
            lambda: attempts.find_one({"event_id": str(event.event_id), "done": True}),
            timeout=90,
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert doc["attempts"] == 2
