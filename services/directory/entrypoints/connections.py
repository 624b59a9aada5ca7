"""Which identity-provider connection is calling: one bearer token per connection.

Only SHA-256 hashes of the tokens are configured (`connection=hex`, comma- or line-separated),
so neither the settings nor a leaked config file can be replayed as a token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping

from fastapi import Request

from services.directory.entrypoints.scim_errors import Unauthorized

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,63})=([0-9a-f]{64})$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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


class ConnectionTokens:
    def __init__(self, hashes: Mapping[str, str]) -> None:
        self._hashes = dict(hashes)

    def connection_of(self, request: Request) -> str:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized()
        presented = token_hash(token.strip())
        matched = None
        for name, digest in self._hashes.items():  # every entry compared: no early exit
            if hmac.compare_digest(presented, digest):
                matched = name
        if matched is None:
            raise Unauthorized()
        return matched
