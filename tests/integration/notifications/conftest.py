"""The notifications service on the real broker and database, with real SMTP and webhook servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import ConsumerRecord
from pydantic import SecretStr
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.bootstrap import create_app
from services.notifications.settings import NotificationSettings
from shared.clock import ManualClock
from shared.events import Event, decode_event
from shared.http.auth import issue_token
from tests.integration.notifications.servers import (
    RecordingSmtpHandler,
    WebhookRecorder,
    smtp_server,
    webhook_server,
)
from tests.support.kafka_tools import collect, create_topics, produce_events, unique_prefix
from tests.support.service_runner import running_service, wait_until_ready

SECRET = "notifications-integration-secret"
T = TypeVar("T")


def daytime_clock() -> ManualClock:
    """Tomorrow 10:00 UTC: daytime in Europe, so quiet hours never interfere by accident."""
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    return ManualClock(start=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0))


@dataclass
class Stack:
    url: str
    prefix: str
    bootstrap: str
    settings: NotificationSettings
    clock: ManualClock
    db: AsyncDatabase[Any]
    smtp: RecordingSmtpHandler
    webhook: WebhookRecorder
    webhook_base: str

    async def produce(self, *events: Event) -> None:
        await produce_events(self.bootstrap, self.prefix, list(events))

    async def audit(
        self, until: Callable[[list[Event]], bool], timeout: float = 30.0
    ) -> list[Event]:
        """Decoded events of the notifications topic, read until `until` holds."""

        def decoded(records: list[ConsumerRecord[Any, Any]]) -> list[Event]:
            return [decode_event(r.value) for r in records]

        records = await collect(
            self.bootstrap,
            self.prefix + "notifications",
            until=lambda records: until(decoded(records)),
            timeout=timeout,
        )
        return decoded(records)

    async def dead_letters(
        self, count: int, timeout: float = 30.0
    ) -> list[ConsumerRecord[Any, Any]]:
        return await collect(
            self.bootstrap,
            self.prefix + "dlq.notifications",
            until=lambda records: len(records) >= count,
            timeout=timeout,
        )

    def token(
        self,
        subject: str,
        roles: list[str],
        programs: list[str] | None = None,
        regions: list[str] | None = None,
    ) -> str:
        return issue_token(
            secret=SECRET,
            issuer=self.settings.auth_issuer,
            audience=self.settings.auth_audience,
            subject=subject,
            roles=roles,
            programs=programs,
            regions=regions,
        )

    def client(self, token: str | None = None) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10)


async def eventually(probe: Callable[[], Awaitable[T]], timeout: float = 30.0) -> T:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


@pytest.fixture
async def stack(kafka_server: Any, mongo_server: Any) -> AsyncIterator[Stack]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=1)
    with smtp_server() as (smtp, smtp_port):
        async with webhook_server() as (webhook, webhook_base):
            settings = NotificationSettings(
                kafka_bootstrap_servers=kafka_server.bootstrap_servers,
                mongo_uri=mongo_server.uri,
                mongo_database=f"notifications_{prefix.strip('.')}",
                topic_prefix=prefix,
                auth_hs256_secret=SecretStr(SECRET),
                smtp_host="127.0.0.1",
                smtp_port=smtp_port,
                smtp_security="none",
                smtp_from_address="mentoring@twoway.example",
                chat_require_https=False,
                delivery_base_delay_seconds=0.2,
                delivery_max_delay_seconds=1.0,
                dispatch_interval_seconds=0.2,
                housekeeping_interval_seconds=1.0,
                retry_base_delay_seconds=0.05,
                retry_max_delay_seconds=0.2,
                app_base_url="https://twoway.example",
                consumer_heartbeat_ms=250,
                introduction_wait_seconds=2.0,
                partner_wait_seconds=3.0,
            )
            clock = daytime_clock()
            client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
            async with running_service(create_app(settings, clock)) as url:
                await wait_until_ready(url)
                yield Stack(
                    url=url,
                    prefix=prefix,
                    bootstrap=kafka_server.bootstrap_servers,
                    settings=settings,
                    clock=clock,
                    db=client[settings.database_name],
                    smtp=smtp,
                    webhook=webhook,
                    webhook_base=webhook_base,
                )
            await client.close()
