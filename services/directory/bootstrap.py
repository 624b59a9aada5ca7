"""The composition root of the directory service: SCIM provisioning of the company's people."""

from __future__ import annotations

from typing import Any

from services.directory.adapters.mongo_people import PEOPLE, PEOPLE_SPEC, MongoPersonStore
from services.directory.adapters.prometheus_telemetry import PrometheusTelemetry
from services.directory.application.provisioning import Provisioning
from services.directory.entrypoints import audit_api, scim_api
from services.directory.entrypoints.connections import ConnectionTokens
from services.directory.entrypoints.dependencies import STATE_NAME, DirectoryApi
from services.directory.entrypoints.scim_limits import ScimBodyLimit
from services.directory.settings import DirectorySettings
from shared.clock import Clock
from shared.events import DirectoryEvent
from shared.runtime import build_app, build_runtime
from shared.storage.audit import AUDIT, AUDIT_SPEC, AuditTrail

DESCRIPTION = (
    "The company directory: identity providers provision and deprovision people through "
    "SCIM 2.0 (/scim/v2), and every program hears of joiners, changes and leavers."
)

__all__ = ["DirectorySettings", "create_app"]  # the settings stay importable from here


def create_app(settings: DirectorySettings | None = None, clock: Clock | None = None) -> Any:
    settings = settings or DirectorySettings()
    runtime = build_runtime(
        settings, collections=[PEOPLE_SPEC, AUDIT_SPEC], outbox_collections=[PEOPLE], clock=clock
    )
    trail = AuditTrail(runtime.db[AUDIT])
    provisioning = Provisioning(
        people=MongoPersonStore(runtime.db[PEOPLE], runtime.outbox),
        audit=trail,
        clock=runtime.clock,
        telemetry=PrometheusTelemetry(runtime.metrics),
        ids_from_external_id=settings.scim_person_ids == "external_id",
    )
    tokens = ConnectionTokens(settings.connection_hashes())
    # Declared for the AsyncAPI document: what the directory publishes (the outbox sends it).
    runtime.broker.publisher(
        runtime.topics.directory,
        schema=DirectoryEvent,
        title=runtime.topics.directory,
        description="People provisioned, changed and deactivated; key: person_id.",
    )
    app = build_app(
        runtime,
        title="Twoway directory",
        description=DESCRIPTION,
        routers=[scim_api.router, audit_api.router],
        state={
            STATE_NAME: DirectoryApi(
                provisioning=provisioning,
                tokens=tokens,
                max_body_bytes=settings.scim_max_body_bytes,
                trail=trail,
            )
        },
    )
    return ScimBodyLimit(app, settings.scim_max_body_bytes)
