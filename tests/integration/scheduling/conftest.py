"""Each scheduling service test gets its own topics and its own database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from tests.support.kafka_tools import create_topics, unique_prefix


@pytest.fixture
async def prefix(kafka_server: Any) -> str:
    name = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, name, partitions=1)
    return name


@pytest.fixture
async def mongo(mongo_server: Any) -> AsyncIterator[AsyncMongoClient[Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    yield client
    await client.close()
