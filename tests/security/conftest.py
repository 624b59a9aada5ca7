"""One secured platform for the whole security package, driven through a small program."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bench.load.mailbox import CountingMailbox
from bench.load.world import service_env
from deploy.local.harness import Platform
from tests.security.tokens import SECRET, KeyPair
from tests.security.world import SecuredWorld, drive, program_spec
from tests.support.kafka_tools import create_topics, unique_prefix


@pytest.fixture(scope="package")
async def secured(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SecuredWorld]:
    async with secured_world(kafka_server, mongo_server, tmp_path_factory) as world:
        yield world


@contextlib.asynccontextmanager
async def secured_world(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SecuredWorld]:
    """The four services on a topic prefix and databases of their own, driven through a small
    program in two regions."""
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    work_dir = Path(tmp_path_factory.mktemp("secured"))
    keys = KeyPair.generate()
    jwks = work_dir / "jwks.json"
    jwks.write_text(keys.jwks())
    mailbox = CountingMailbox().start()
    env = service_env(mailbox.port) | {"TWOWAY_AUTH_JWKS_FILE": str(jwks)}
    platform = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=work_dir,
        topic_prefix=prefix,
        database_suffix=f"_{prefix.strip('.')}",
        auth_secret=SECRET,
        extra_env=env,
    )
    world = SecuredWorld(
        platform,
        mailbox,
        keys,
        [program_spec("emea", "Europe/London"), program_spec("apac", "Asia/Singapore")],
    )
    try:
        await asyncio.to_thread(platform.start_all)
        await drive(world)
        yield world
    finally:
        await asyncio.to_thread(platform.stop_all)
        mailbox.stop()
