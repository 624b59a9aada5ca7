"""The composition root of the directory service: SCIM provisioning of the company's people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, model_validator

from services.directory.adapters.mongo_people import PEOPLE, PEOPLE_SPEC, MongoPersonStore
from services.directory.adapters.prometheus_telemetry import PrometheusTelemetry
from services.directory.application.provisioning import Provisioning
from services.directory.entrypoints.audit_api import build_audit_router
from services.directory.entrypoints.connections import ConnectionTokens, parse_connections
from services.directory.entrypoints.scim_api import build_scim_router
from services.directory.entrypoints.scim_limits import ScimBodyLimit
from shared.clock import Clock
from shared.events import DirectoryEvent
from shared.runtime import build_app, build_runtime
from shared.settings import ServiceSettings
from shared.storage.audit import AUDIT, AUDIT_SPEC, AuditTrail

DESCRIPTION = (
    "The company directory: identity providers provision and deprovision people through "
    "SCIM 2.0 (/scim/v2), and every program hears of joiners, changes and leavers."
)


class DirectorySettings(ServiceSettings):
    service_name: str = Field(default="directory", pattern=r"^[a-z][a-z0-9-]{1,40}$")
    scim_connections: SecretStr | None = None
    """`name=<sha256 hex of its bearer token>`, comma-separated: one per IdP connection."""
    scim_connections_file: Path | None = None
    """The same, one per line, from a file (a Kubernetes secret)."""
    scim_max_body_bytes: int = Field(default=262_144, ge=1_024, le=10_000_000)

    @model_validator(mode="after")
    def _connections(self) -> DirectorySettings:
        if self.scim_connections_file is not None and not self.scim_connections_file.is_file():
            raise ValueError("configured file does not exist: scim_connections_file")
        parse_connections(self.connections_text())  # fails fast on a malformed entry
        return self

    def connections_text(self) -> str:
        return self.secret_value(self.scim_connections, self.scim_connections_file) or ""


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
    )
    tokens = ConnectionTokens(parse_connections(settings.connections_text()))
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
        routers=[
            build_scim_router(provisioning, tokens, max_body_bytes=settings.scim_max_body_bytes),
            build_audit_router(trail),
        ],
    )
    return ScimBodyLimit(app, settings.scim_max_body_bytes)
