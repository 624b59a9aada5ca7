"""Settings of the directory service (environment `TWOWAY_*`); bad values fail at start.

Each identity-provider connection is configured as `name=<sha256 hex of its bearer token>`
(comma- or line-separated), so neither the settings nor a leaked config file can be replayed
as a token.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from shared.settings import ServiceSettings

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,63})=([0-9a-f]{64})$")


def parse_connections(text: str) -> dict[str, str]:
    """`entra=<sha256 hex>,okta=<sha256 hex>` (or one per line) -> {connection: hash}."""
    found: dict[str, str] = {}
    for raw in re.split(r"[,\n]", text):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        match = _ENTRY.match(entry)
        if match is None:
            raise ValueError("SCIM connections are `name=<sha256 hex of the token>` entries")
        name, digest = match.groups()
        if name in found:
            raise ValueError("a SCIM connection is named twice")
        found[name] = digest
    return found


class DirectorySettings(ServiceSettings):
    service_name: str = Field(default="directory", pattern=r"^[a-z][a-z0-9-]{1,40}$")
    scim_connections: SecretStr | None = None
    """`name=<sha256 hex of its bearer token>`, comma-separated: one per IdP connection."""
    scim_connections_file: Path | None = None
    """The same, one per line, from a file (a Kubernetes secret)."""
    scim_max_body_bytes: int = Field(default=262_144, ge=1_024, le=10_000_000)
    scim_person_ids: Literal["generated", "external_id"] = "generated"
    """Where a person's id comes from: made up by the directory, or the provider's
    `externalId` (required then, and never changed). A person's id is the participant id
    programs know them by and the subject their sign-in tokens must name, so choose
    `external_id` when the IdP sends as externalId the claim its tokens carry (e.g. Entra ID's
    object id, which its tokens carry as `oid`: then set TWOWAY_AUTH_SUBJECT_CLAIM=oid)."""

    @model_validator(mode="after")
    def _connections(self) -> DirectorySettings:
        if self.scim_connections_file is not None and not self.scim_connections_file.is_file():
            raise ValueError("configured file does not exist: scim_connections_file")
        parse_connections(self.connections_text())  # fails fast on a malformed entry
        return self

    def connections_text(self) -> str:
        return self.secret_value(self.scim_connections, self.scim_connections_file) or ""

    def connection_hashes(self) -> dict[str, str]:
        """{connection name: SHA-256 hex of its bearer token}."""
        return parse_connections(self.connections_text())
