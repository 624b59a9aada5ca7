"""The local servers are real: Kafka, SecantusDB and Prometheus start, serve, restart and stop.

The `kafka_server` and `mongo_server` fixtures come from tests/infra_fixtures.py via conftest.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import UnknownTopicOrPartitionError
from pymongo import AsyncMongoClient, MongoClient, ReturnDocument
from pymongo.errors import DuplicateKeyError

from deploy.local import stack
from deploy.local.infra import KafkaServer, MongoServer, PrometheusServer, free_port
from deploy.local.process import REPO_ROOT, group_alive

pytestmark = pytest.mark.integration


def sync_client(uri: str) -> MongoClient[dict[str, Any]]:
    return MongoClient(uri)


def pid_gone(pid: int) -> bool:
    return not group_alive(pid)


async def produce(bootstrap: str, topic: str, key: bytes, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def consume_one(bootstrap: str, topic: str) -> tuple[bytes | None, bytes | None]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        async with asyncio.timeout(30):
            message = await consumer.getone()
        return message.key, message.value
    finally:
        await consumer.stop()


async def partition_counts(bootstrap: str, topics: list[str]) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return {t["topic"]: len(t["partitions"]) for t in described}


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


async def test_kafka_restart_and_crash_keep_topics_and_messages() -> None:
    server = KafkaServer(partitions=2).start()
    pid, data_dir = server.process.pid, server.data_dir
    try:
        bootstrap = server.bootstrap_servers
        server.create_topics(["infra.kept"])
        await produce(bootstrap, "infra.kept", b"k", b"before restart")

        server.restart()
        assert pid_gone(pid)
        assert server.bootstrap_servers == bootstrap
        assert "infra.kept" in server.list_topics()
        assert await consume_one(bootstrap, "infra.kept") == (b"k", b"before restart")

        crashed = server.process.pid
        server.kill()
        assert pid_gone(crashed)
        server.restart()
        assert await partition_counts(bootstrap, ["infra.kept"]) == {"infra.kept": 2}
        assert await consume_one(bootstrap, "infra.kept") == (b"k", b"before restart")
        pid = server.process.pid
    finally:
        server.stop()
    assert pid_gone(pid)
    assert data_dir is not None
    assert not data_dir.exists()


def test_secantusdb_on_disk_survives_restart_and_crash(tmp_path: Path) -> None:
    server = MongoServer(tmp_path / "db").start()
    port, work_dir = server.port, server.work_dir
    try:
        with sync_client(server.uri) as client:
            client.infra.docs.insert_one({"_id": "kept"})
        server.restart()
        assert server.port == port
        with sync_client(server.uri) as client:
            assert client.infra.docs.find_one({"_id": "kept"}) == {"_id": "kept"}
        server.kill()
        server.restart()
        with sync_client(server.uri) as client:
            assert client.infra.docs.count_documents({}) == 1
        pid = server.process.pid
    finally:
        server.stop()
    assert pid_gone(pid)
    assert work_dir is not None
    assert not work_dir.exists()


def test_servers_left_running_are_killed_at_interpreter_exit() -> None:
    script = textwrap.dedent("""\
        import json
        from deploy.local.infra import MongoServer
        server = MongoServer().start()
        print(json.dumps({"pid": server.process.pid, "work_dir": str(server.work_dir)}))
        """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert pid_gone(started["pid"])
    assert not Path(started["work_dir"]).exists()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deploy.local", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ},
    )


def test_stack_up_status_down_keeps_data_and_ports(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    web = stack.ProcessSpec(
        "web",
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "{port}"],
        ready_path="/",
    )
    try:
        state = stack.up(stack.default_topics("t."), run_dir=run_dir, services=[web])
        records = {r["name"]: r for r in state["processes"]}
        assert list(records) == ["kafka", "secantusdb", "web"]
        assert (run_dir / "logs" / "kafka.log").exists()
        assert json.loads((run_dir / "stack.json").read_text())["processes"][2]["name"] == "web"
        with sync_client(records["secantusdb"]["address"]) as client:
            client.infra.docs.insert_one({"_id": "kept"})

        shown = cli("status", "--run-dir", str(run_dir))
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.count(" up ") == 3

        stopped = cli("down", "--run-dir", str(run_dir))
        assert stopped.returncode == 0, stopped.stderr
        assert all(pid_gone(r["pid"]) for r in records.values())
        down = cli("status", "--run-dir", str(run_dir))
        assert "not running" in down.stdout
        assert down.returncode == 1  # `make demo` starts the stack on this

        started = cli("up", "--infra-only", "--run-dir", str(run_dir))
        assert started.returncode == 0, started.stderr
        again = {r["name"]: r for r in stack.status(run_dir=run_dir)}
        assert set(again) == {"kafka", "secantusdb"}
        assert all(r["alive"] for r in again.values())
        assert again["kafka"]["address"] == records["kafka"]["address"]
        assert again["secantusdb"]["address"] == records["secantusdb"]["address"]
        with sync_client(again["secantusdb"]["address"]) as client:
            assert client.infra.docs.find_one({"_id": "kept"}) == {"_id": "kept"}
    finally:
        leftovers = stack.status(run_dir=run_dir)
        stack.down(run_dir=run_dir)
    assert all(pid_gone(r["pid"]) for r in leftovers)


def process_environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in raw if b"=" in entry)


def test_each_service_that_owns_its_database_gets_a_server_of_its_own(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"

    def web(name: str, database: stack.Database) -> stack.ProcessSpec:
        return stack.ProcessSpec(
            name,
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "{port}"],
            ready_path="/",
            database=database,
        )

    specs = [web("left", "own"), web("right", "own"), web("plain", "none")]
    try:
        state = stack.up(stack.default_topics("t."), run_dir=run_dir, services=specs)
        records = {r["name"]: r for r in state["processes"]}
        assert list(records) == [
            "kafka",
            "secantusdb-left",
            "secantusdb-right",
            "left",
            "right",
            "plain",
        ]
        uris = {
            name: process_environment(records[name]["pid"]).get("TWOWAY_MONGO_URI")
            for name in ("left", "right", "plain")
        }
        assert uris == {
            "left": records["secantusdb-left"]["address"],
            "right": records["secantusdb-right"]["address"],
            "plain": None,
        }
        with sync_client(uris["left"] or "") as client:
            client.infra.docs.insert_one({"_id": "left only"})
        with sync_client(uris["right"] or "") as client:
            assert client.infra.docs.count_documents({}) == 0
    finally:
        leftovers = stack.status(run_dir=run_dir)
        stack.down(run_dir=run_dir)
    assert all(pid_gone(r["pid"]) for r in leftovers)
