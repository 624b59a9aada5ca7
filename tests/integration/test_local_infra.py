"""The local servers are real: Kafka, SecantusDB and Prometheus start and serve.

The `kafka_server` and `mongo_server` fixtures come from tests/infra_fixtures.py via conftest."""

from __future__ import annotations

import json
import shutil
import textwrap
import time
import urllib.request
import uuid

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import UnknownTopicOrPartitionError
from pymongo import AsyncMongoClient, ReturnDocument
from pymongo.errors import DuplicateKeyError

from deploy.local import stack
from deploy.local.infra import KafkaServer, MongoServer, PrometheusServer, free_port
from tests.integration.local_infra_probes import consume_one, partition_counts, pid_gone, produce

pytestmark = pytest.mark.integration


async def test_kafka_round_trip_with_idempotent_producer(kafka_server: KafkaServer) -> None:
    assert kafka_server.ready_seconds is not None
    topic = f"infra.{uuid.uuid4().hex}"
    kafka_server.create_topics([topic], 3)

    await produce(kafka_server.bootstrap_servers, topic, b"pair-1", b"hello")

    assert await consume_one(kafka_server.bootstrap_servers, topic) == (b"pair-1", b"hello")


async def test_create_topics_is_idempotent_and_keeps_counts(kafka_server: KafkaServer) -> None:
    prefix = f"infra.{uuid.uuid4().hex[:8]}."
    topics = stack.default_topics(prefix)

    kafka_server.create_topics(topics)
    kafka_server.create_topics(topics)

    counts = await partition_counts(kafka_server.bootstrap_servers, list(topics))
    assert counts == topics
    assert counts[f"{prefix}pairs"] == 12
    assert counts[f"{prefix}dlq.matching"] == 3


async def test_kafka_does_not_auto_create_topics(kafka_server: KafkaServer) -> None:
    topic = f"infra.{uuid.uuid4().hex}"
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_server.bootstrap_servers, request_timeout_ms=3000
    )
    await producer.start()
    try:
        with pytest.raises(UnknownTopicOrPartitionError):
            await producer.send_and_wait(topic, b"x")
    finally:
        await producer.stop()
    assert topic not in kafka_server.list_topics()


async def test_secantusdb_unique_index_upsert_and_find_one_and_update(
    mongo_server: MongoServer,
) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_server.uri)
    try:
        assert (await client.admin.command("ping"))["ok"] == 1
        collection = client[f"infra_{uuid.uuid4().hex[:8]}"]["pairs"]
        await collection.create_index("pair_id", unique=True)

        for _ in range(2):
            await collection.update_one(
                {"pair_id": "p1"}, {"$setOnInsert": {"sessions": 0}}, upsert=True
            )
        assert await collection.count_documents({}) == 1
        with pytest.raises(DuplicateKeyError):
            await collection.insert_one({"pair_id": "p1"})

        updated = await collection.find_one_and_update(
            {"pair_id": "p1", "sessions": 0},
            {"$inc": {"sessions": 1}},
            return_document=ReturnDocument.AFTER,
        )
        assert updated is not None
        assert updated["sessions"] == 1
        again = await collection.find_one_and_update(
            {"pair_id": "p1", "sessions": 0}, {"$inc": {"sessions": 1}}
        )
        assert again is None
    finally:
        await client.close()


def test_prometheus_starts_and_scrapes_itself() -> None:
    if shutil.which("prometheus") is None:
        pytest.skip("the prometheus binary is not installed (apt-get install prometheus)")
    port = free_port()
    config = textwrap.dedent(f"""\
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ["127.0.0.1:{port}"]
        """)
    server = PrometheusServer(config, port=port).start()
    pid, work_dir = server.process.pid, server.work_dir
    try:
        with urllib.request.urlopen(f"{server.url}/-/ready", timeout=5) as response:
            assert response.status == 200
        deadline = time.monotonic() + 20
        result: list[dict[str, object]] = []
        while not result and time.monotonic() < deadline:
            with urllib.request.urlopen(f"{server.url}/api/v1/query?query=up", timeout=5) as r:
                result = json.loads(r.read())["data"]["result"]
            time.sleep(0.5)
        assert result, "Prometheus never scraped itself"
    finally:
        server.stop()
    assert pid_gone(pid)
    assert work_dir is not None
    assert not work_dir.exists()
