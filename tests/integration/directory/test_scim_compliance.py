"""scim2-tester against the running directory (real Kafka and SecantusDB): every check passes."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import CheckResult, Status, check_server

from services.directory.bootstrap import create_app
from tests.integration.directory.conftest import ENTRA_TOKEN
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration

FAILED = {Status.ERROR, Status.CRITICAL, Status.DEVIATION}


def run_scim2_tester(base_url: str, token: str = ENTRA_TOKEN) -> list[CheckResult]:
    with httpx2.Client(
        base_url=f"{base_url}/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ) as http:
        return check_server(SyncSCIMClient(http))


async def test_scim2_tester_passes_every_check(directory_env: dict[str, Any]) -> None:
    async with running_service(create_app(directory_env["settings"])) as url:
        await wait_until_ready(url)
        results = await asyncio.to_thread(run_scim2_tester, url)
    summary = sorted(
        f"{r.status.name:<10} {r.resource_type or '-':<6} {r.title}: {r.reason}" for r in results
    )
    print("\n".join(summary))  # the closing note lists what was checked
    failures = [f"{r.title}: {r.reason}" for r in results if r.status in FAILED]
    assert failures == []
    assert sum(r.status is Status.SUCCESS for r in results) >= 30
