"""Session-wide real servers for integration tests.

Use from tests/conftest.py with `pytest_plugins = ["tests.infra_fixtures"]` or by importing the
fixtures there. Each server starts once per test session, on free ports, and stops at its end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.local.infra import KafkaServer, MongoServer


@pytest.fixture(scope="session")
def kafka_server() -> Iterator[KafkaServer]:
    """Single-node KRaft Kafka; topics are not auto-created: call `create_topics` first."""
    with KafkaServer() as server:
        yield server


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[MongoServer]:
    """SecantusDB with in-memory storage; connect with `mongo_server.uri`."""
    with MongoServer(":memory:") as server:
        yield server
