"""The platform the directory's enrolment tests run on: the directory, matching and
notifications as processes on real Kafka and SecantusDB, with an SMTP sink."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from deploy.local.harness import Platform
from deploy.local.infra import free_port
from services.directory.entrypoints.connections import token_hash
from tests.e2e.directory.enrolment_world import STARTED, TOKEN
from tests.e2e.platform_world import SECRET, SmtpSink, service_env
from tests.support.kafka_tools import create_topics, unique_prefix


@pytest.fixture(scope="module")
async def enrolment_platform(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Platform, str, SmtpSink]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    smtp_port = free_port()
    sink = SmtpSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    suffix = f"_{prefix.strip('.')}"
    stack = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=Path(tmp_path_factory.mktemp("enrolment")),
        topic_prefix=prefix,
        database_suffix=suffix,
        auth_secret=SECRET,
        extra_env={
            **service_env(smtp_port),
            "TWOWAY_SCIM_CONNECTIONS": f"okta={token_hash(TOKEN)}",
        },
    )
    try:
        started = [stack.start(name, wait=False) for name in STARTED]
        for service in started:
            await asyncio.to_thread(stack.wait_ready, service)
        yield stack, suffix, sink
    finally:
        await asyncio.to_thread(stack.stop_all)
        smtp.stop()
