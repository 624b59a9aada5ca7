"""The SCIM routes on a bare FastAPI app over the fakes, for boundary tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import httpx
from fastapi import FastAPI

from services.directory.application.provisioning import Provisioning
from services.directory.entrypoints import scim_api
from services.directory.entrypoints.connections import ConnectionTokens, token_hash
from services.directory.entrypoints.dependencies import STATE_NAME, DirectoryApi
from services.directory.entrypoints.scim_limits import ScimBodyLimit
from shared.clock import ManualClock
from shared.storage.audit import AuditTrail
from tests.unit.directory.fakes import FakeAudit, FakePersonStore, FakeTelemetry

ENTRA_TOKEN = "entra-token-for-tests-only"
OKTA_TOKEN = "okta-token-for-tests-only"
MAX_BODY = 4_096


class NotRead:
    """The audit trail's HTTP route is not among the SCIM routes these tests drive."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"not read by these tests: {name}")


@dataclass
class ScimWorld:
    app: ScimBodyLimit
    client: httpx.AsyncClient
    store: FakePersonStore
    audit: FakeAudit
    clock: ManualClock
    telemetry: FakeTelemetry


def scim_world(*, ids_from_external_id: bool = False) -> ScimWorld:
    store, audit, clock = FakePersonStore(), FakeAudit(), ManualClock()
    telemetry = FakeTelemetry()
    provisioning = Provisioning(
        people=store,
        audit=audit,
        clock=clock,
        telemetry=telemetry,
        ids_from_external_id=ids_from_external_id,
    )
    tokens = ConnectionTokens({"entra": token_hash(ENTRA_TOKEN), "okta": token_hash(OKTA_TOKEN)})
    api = FastAPI()
    api.include_router(scim_api.router)
    state = DirectoryApi(
        provisioning=provisioning,
        tokens=tokens,
        max_body_bytes=MAX_BODY,
        trail=cast(AuditTrail, NotRead()),
    )
    setattr(api.state, STATE_NAME, state)
    app = ScimBodyLimit(api, MAX_BODY)
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://directory",
        headers={"Authorization": f"Bearer {ENTRA_TOKEN}"},
    )
    return ScimWorld(
        app=app, client=client, store=store, audit=audit, clock=clock, telemetry=telemetry
    )
