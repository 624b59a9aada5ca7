"""A service restarted while its database is away waits for it instead of exiting.

Found when the fault run restarted services in the middle of the 30 s database outage: each
exited at start-up ("Application startup failed") and stayed down.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from deploy.local.infra import MongoServer, free_port
from shared.settings import ServiceSettings
from tests.support.kafka_tools import create_topics, unique_prefix
from tests.support.probe_service import build
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration


async def test_a_service_started_before_its_database_waits_and_becomes_ready(
    kafka_server: Any, tmp_path: Path
) -> None:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=1)
    port = free_port()
    settings = ServiceSettings(
        service_name="matching",
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=SecretStr(f"mongodb://127.0.0.1:{port}/?directConnection=true"),
        mongo_timeout_ms=1_000,
        topic_prefix=prefix,
        auth_mode="disabled",
    )
    database = MongoServer(":memory:", port=port, work_dir=tmp_path / "mongo")

    async def database_comes_back() -> None:
        await asyncio.sleep(4.0)
        await asyncio.to_thread(database.start)

    comeback = asyncio.create_task(database_comes_back())
    try:
        async with running_service(build(settings), startup_timeout=120) as url:
            await wait_until_ready(url, timeout=60)
            assert comeback.done()
    finally:
        await comeback
        await asyncio.to_thread(database.stop)
