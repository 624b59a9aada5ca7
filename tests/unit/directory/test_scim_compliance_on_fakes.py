"""scim2-tester against the SCIM routes over fakes of the storage: a quick guard that runs
without Kafka or a database (tests/integration/directory runs it on the real stack)."""

from __future__ import annotations

import asyncio

from tests.integration.directory.test_scim_compliance import FAILED, run_scim2_tester
from tests.support.service_runner import running_service
from tests.unit.directory.scim_app import ENTRA_TOKEN, scim_world


async def test_scim2_tester_passes_every_check_on_the_routes() -> None:
    world = scim_world()
    async with running_service(world.app) as url:
        results = await asyncio.to_thread(run_scim2_tester, url, ENTRA_TOKEN)
    failures = [f"{r.title}: {r.reason}" for r in results if r.status in FAILED]
    assert failures == []
