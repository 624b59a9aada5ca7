"""Which identity-provider connection is calling: one bearer token per connection.

Only SHA-256 hashes of the tokens are configured (see `settings.parse_connections`), so neither
the settings nor a leaked config file can be replayed as a token.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from fastapi import Request

from services.directory.entrypoints.scim_errors import Unauthorized


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
