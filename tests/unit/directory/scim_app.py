"""The SCIM routes on a bare FastAPI app over the fakes, for boundary tests."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from services.directory.application.provisioning import Provisioning
from services.directory.entrypoints.connections import ConnectionTokens, token_hash
from services.directory.entrypoints.scim_api import build_scim_router
from services.directory.entrypoints.scim_limits import ScimBodyLimit
from shared.clock import ManualClock
from tests.unit.directory.fakes import FakeAudit, FakePersonStore, FakeTelemetry

ENTRA_TOKEN = "entra-token-for-tests-only"
OKTA_TOKEN = "okta-token-for-tests-only"
MAX_BODY = 4_096


@dataclass
class ScimWorld:
    app: ScimBodyLimit
    client: httpx.AsyncClient
    store: FakePersonStore
    audit: FakeAudit
    clock: ManualClock
    telemetry: FakeTelemetry


def scim_world() -> ScimWorld:
    store, audit, clock = FakePersonStore(), FakeAudit(), ManualClock()
    telemetry = FakeTelemetry()
    provisioning = Provisioning(people=store, audit=audit, clock=clock, telemetry=telemetry)
    tokens = ConnectionTokens({"entra": token_hash(ENTRA_TOKEN), "okta": token_hash(OKTA_TOKEN)})
    api = FastAPI()
    api.include_router(build_scim_router(provisioning, tokens, max_body_bytes=MAX_BODY))
    app = ScimBodyLimit(api, MAX_BODY)
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://directory",
        headers={"Authorization": f"Bearer {ENTRA_TOKEN}"},
    )
    return ScimWorld(
        app=app, client=client, store=store, audit=audit, clock=clock, telemetry=telemetry
    )
