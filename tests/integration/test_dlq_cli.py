"""An operator inspects the dead letters and replays them once the cause is fixed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from cli.main import main as twoway
from shared.events import encode_event
from tests.integration.test_messaging import erased, probe_settings, wait_for
from tests.support.kafka_tools import collect, create_topics, produce, unique_prefix
from tests.support.probe_service import build
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration


async def test_dead_letters_are_listed_with_reasons_and_replayed_once(
    kafka_server: Any, mongo_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from pymongo import AsyncMongoClient

    prefix = unique_prefix()
    bootstrap = kafka_server.bootstrap_servers
    await create_topics(bootstrap, prefix, partitions=1)
    settings = probe_settings(kafka_server, mongo_server, prefix, retry_attempts=2)
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri)
    attempts = client[settings.database_name]["attempts"]
    event = erased()
    async with running_service(build(settings, "always_fail")) as url:
        await wait_until_ready(url)
        await produce(bootstrap, prefix + "participants", b"{broken", key=b"k")
        await produce(bootstrap, prefix + "participants", encode_event(event), key=b"k")
        await collect(bootstrap, prefix + "dlq.matching", until=lambda r: len(r) >= 2)

    common = ["--service", "matching", "--bootstrap", bootstrap, "--topic-prefix", prefix]
    assert await asyncio.to_thread(twoway, ["dlq", "list", *common, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == ["malformed_json", "handler_failed"]
    assert rows[1]["attempts"] == "2"

    async with running_service(build(settings, "ok")) as url:  # the bug is fixed
        await wait_until_ready(url)
        args = ["dlq", "replay", *common, "--all", "--reason", "handler_failed"]
        assert await asyncio.to_thread(twoway, args) == 0
        assert "replayed 1 dead letter" in capsys.readouterr().out
        doc = await wait_for(
            lambda: attempts.find_one({"event_id": str(event.event_id), "done": True})
        )
        assert await asyncio.to_thread(twoway, args) == 0
        assert "replayed 0 dead letter" in capsys.readouterr().out
    assert doc["attempts"] == 3  # two failed attempts, then the replay
    await client.close()
