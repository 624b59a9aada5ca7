"""The session's real OpenID provider (npm `oidc-provider`, deploy/local/oidc)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.local.identity import IdentityProvider
from deploy.local.process import free_port

PORTAL_PORT_KEY = pytest.StashKey[int]()


def portal_port(config: pytest.Config) -> int:
    """The port the test portal will listen on, chosen up front: the IdP's client needs its
    redirect URI before the portal starts."""
    if PORTAL_PORT_KEY not in config.stash:
        config.stash[PORTAL_PORT_KEY] = free_port()
    return config.stash[PORTAL_PORT_KEY]


@pytest.fixture(scope="session")
def identity_provider(pytestconfig: pytest.Config) -> Iterator[IdentityProvider]:
    """Local users (password = username) and the `twoway-portal` client whose redirect URI is
    the test portal's `/auth/callback`; its public keys are in `identity_provider.jwks_path`."""
    portal_url = f"http://127.0.0.1:{portal_port(pytestconfig)}"
    with IdentityProvider(portal_url=portal_url) as provider:
        yield provider
