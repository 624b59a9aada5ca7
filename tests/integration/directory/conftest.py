"""The directory service on the real broker and SecantusDB, one world per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from services.directory.entrypoints.connections import token_hash
from services.directory.settings import DirectorySettings
from tests.support.kafka_tools import create_topics, unique_prefix

SECRET = "directory-integration-secret-0123456789"
ENTRA_TOKEN = "entra-connection-token-for-integration-tests"


@pytest.fixture
async def directory_env(kafka_server: Any, mongo_server: Any) -> AsyncIterator[dict[str, Any]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=2)
    settings = DirectorySettings(
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        mongo_database=f"directory_{prefix.strip('.')}",
        topic_prefix=prefix,
        auth_hs256_secret=SecretStr(SECRET),
        scim_connections=SecretStr(f"entra={token_hash(ENTRA_TOKEN)}"),
        outbox_relay_interval_seconds=0.5,
        outbox_relay_grace_seconds=1,
    )
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    yield {
        "settings": settings,
        "prefix": prefix,
        "bootstrap": kafka_server.bootstrap_servers,
        "db": client[settings.database_name],
    }
    await client.close()
