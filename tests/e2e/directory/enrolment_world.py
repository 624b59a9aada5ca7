"""What the directory's end-to-end tests share: the IdP connection, its SCIM client and an
admin's matching client on a platform of the directory, matching and notifications."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import httpx

from deploy.local.harness import Platform
from tests.e2e.platform_world import ADMIN, program_body

TOKEN = "okta-connection-token-enrolment-end-to-end"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
STARTED = ("matching", "notifications", "directory")


@asynccontextmanager
async def clients(stack: Platform) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The IdP connection's SCIM client and a platform admin's matching client."""
    async with (
        httpx.AsyncClient(
            base_url=stack.url("directory"), headers={"Authorization": f"Bearer {TOKEN}"}
        ) as scim,
        httpx.AsyncClient(base_url=stack.url("matching"), headers=ADMIN, timeout=30) as api,
    ):
        yield scim, api


async def launch(api: httpx.AsyncClient, program_id: str, start: date) -> None:
    launched = await api.post("/programs", json=program_body(program_id, start))
    assert launched.status_code == 201, launched.text
