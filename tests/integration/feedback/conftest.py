"""One running feedback service per test module (one for the whole flow/ package), on the real
broker and database."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.mongo_collections import COLLECTIONS
from services.feedback.bootstrap import create_app
from services.feedback.settings import FeedbackSettings
from shared.clock import FixedClock
from shared.events import Event, decode_event
from shared.http.auth import issue_token
from shared.storage.mongo import ensure_indexes
from tests.support.kafka_tools import collect, create_topics, produce_events, unique_prefix
from tests.support.service_runner import running_service, wait_until_ready

SECRET = "feedback-integration-secret-0123456789"


@dataclass
class FeedbackHarness:
    url: str
    http: httpx.AsyncClient
    clock: FixedClock
    db: AsyncDatabase[Any]
    prefix: str
    bootstrap: str

    def token(
        self,
        subject: str,
        role: str = "participant",
        *,
        programs: list[str] | None = None,
        regions: list[str] | None = None,
    ) -> dict[str, str]:
        token = issue_token(
            secret=SECRET,
            issuer="twoway-local",
            audience="twoway",
            subject=subject,
            roles=[role],
            programs=programs,
            regions=regions,
        )
        return {"Authorization": f"Bearer {token}"}

    def now(self) -> datetime:
        return self.clock.now()

    async def publish(self, *events: Event) -> None:
        await produce_events(self.bootstrap, self.prefix, list(events))

    async def feedback_events(
        self,
        pair_id: str,
        *,
        until: Callable[[list[Event]], bool],
        timeout: float = 60.0,
    ) -> list[Event]:
        """Distinct events on the feedback topic about one pair, read until `until` holds.

        Delivery is at-least-once: the outbox relay may republish an event that was being
        flushed at that moment. Consumers drop such copies by event id, and so do we here.
        """

        def mine(records: list[Any]) -> list[Event]:
            unique: dict[Any, Event] = {}
            for record in records:
                event = decode_event(record.value)
                if getattr(event, "pair_id", None) == pair_id:
                    unique.setdefault(event.event_id, event)
            return list(unique.values())

        records = await collect(
            self.bootstrap,
            self.prefix + "feedback",
            until=lambda records: until(mine(records)),
            timeout=timeout,
        )
        return mine(records)

    async def requests_of(self, pair_id: str, count: int) -> list[dict[str, Any]]:
        async def found() -> list[dict[str, Any]]:
            docs = await self.db["feedback_requests"].find({"pair_id": pair_id}).to_list()
            return docs if len(docs) >= count else []

        return await wait_for(found)

    async def request_for(
        self, pair_id: str, participant_id: str, session_id: str | None = None
    ) -> str:
        query = {"pair_id": pair_id, "participant_id": participant_id}
        if session_id is not None:
            query["session_id"] = session_id
        doc = await wait_for(lambda: self.db["feedback_requests"].find_one(query))
        return str(doc["_id"])

    async def everything_stored(self) -> str:
        """Every document of every collection, as text, for searching personal data."""
        dumped = []
        for name in await self.db.list_collection_names():
            async for doc in self.db[name].find({}):
                dumped.append(json.dumps(doc, default=str))
        return "\n".join(dumped)


async def wait_for(predicate: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


@asynccontextmanager
async def running_feedback(kafka_server: Any, mongo_server: Any) -> AsyncIterator[FeedbackHarness]:
    """A feedback service on topics and a database of its own; only a test moves its clock."""
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=1)
    settings = FeedbackSettings(
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=SecretStr(mongo_server.uri),
        mongo_database=f"feedback_{prefix.strip('.')}",
        topic_prefix=prefix,
        auth_mode="jwt",
        auth_hs256_secret=SecretStr(SECRET),
        timer_interval_seconds=0.3,
        retry_base_delay_seconds=0.05,
        retry_max_delay_seconds=0.2,
        outbox_relay_interval_seconds=1.0,
        log_json=True,
    )
    # Whole seconds: the clock only ever moves when a test moves it.
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    async with running_service(create_app(settings, clock=clock)) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield FeedbackHarness(
                url=url,
                http=http,
                clock=clock,
                db=client[settings.database_name],
                prefix=prefix,
                bootstrap=kafka_server.bootstrap_servers,
            )
    await client.close()


@pytest.fixture(scope="module")
async def feedback(kafka_server: Any, mongo_server: Any) -> AsyncIterator[FeedbackHarness]:
    async with running_feedback(kafka_server, mongo_server) as harness:
        yield harness


@pytest.fixture
async def db(mongo_server: Any) -> AsyncIterator[AsyncDatabase[Any]]:
    """A fresh feedback database with its indexes, for tests of the adapters and handlers
    without the service around them."""
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    database = client[f"feedback_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, COLLECTIONS)
    yield database
    await client.close()
