"""Hand-written stand-ins for the portal's own ports (the identity provider, the session
store), the local users' claims, and a portal app wired around them with a test client that
signs in with any claims. The service APIs' stand-ins are in service_fakes.py and
matching_fakes.py."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.portal.application.ports import Json, SignedIn, StoredSession
from services.portal.bootstrap import create_app
from services.portal.settings import PortalSettings

ADMIN_CLAIMS = {"sub": "admin", "roles": ["platform_admin"]}
EMEA_ADMIN_CLAIMS = {"sub": "emea-admin", "roles": ["program_admin"], "regions": ["emea"]}
PARTICIPANT_CLAIMS = {"sub": "p-junior-1", "roles": ["participant"]}


class FakeSessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, StoredSession] = {}

    async def load(self, session_id: str) -> StoredSession | None:
        found = self.sessions.get(session_id)
        return copy.deepcopy(found) if found else None

    async def save(self, session: StoredSession) -> None:
        self.sessions[session.session_id] = copy.deepcopy(session)

    async def delete(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)


@dataclass
class FakeIdentityProvider:
    """Signs in whoever `next_claims` names; remembers what the portal sent it."""

    next_claims: Json = field(default_factory=lambda: dict(ADMIN_CLAIMS))
    token_lifetime: timedelta = timedelta(minutes=30)
    authorize_calls: list[Json] = field(default_factory=list)
    exchanges: list[Json] = field(default_factory=list)
    end_session: str | None = "https://idp.example/session/end"

    async def authorization_url(
        self, *, state: str, nonce: str, code_challenge: str, locale: str | None
    ) -> str:
        self.authorize_calls.append(
            {"state": state, "nonce": nonce, "code_challenge": code_challenge, "locale": locale}
        )
        return "https://idp.example/auth?" + urlencode({"state": state})

    async def exchange_code(self, *, code: str, code_verifier: str, nonce: str) -> SignedIn:
        self.exchanges.append({"code": code, "code_verifier": code_verifier, "nonce": nonce})
        expires = datetime.now(UTC) + self.token_lifetime
        claims = {**self.next_claims, "exp": int(expires.timestamp())}
        return SignedIn(
            access_token=f"token-for-{claims['sub']}",
            access_expires_at=expires,
            id_token="id-token",
            access_claims=claims,
            id_claims={"sub": claims["sub"], "nonce": nonce, "name": claims["sub"]},
        )

    async def logout_url(self, *, id_token: str | None, post_logout_redirect: str) -> str | None:
        if self.end_session is None:
            return None
        return f"{self.end_session}?" + urlencode(
            {"post_logout_redirect_uri": post_logout_redirect}
        )


def settings() -> PortalSettings:
    return PortalSettings(
        oidc_issuer="https://idp.example",  # type: ignore[arg-type]
        oidc_client_id="twoway-portal",
        oidc_client_secret="secret",  # type: ignore[arg-type]
        session_cookie_secure=False,
        log_json=False,
    )


@dataclass
class PortalHarness:
    app: FastAPI
    client: TestClient
    identity: FakeIdentityProvider
    sessions: FakeSessionStore

    def sign_in(self, claims: Json | None = None) -> None:
        if claims is not None:
            self.identity.next_claims = dict(claims)
        start = self.client.get("/auth/login", follow_redirects=False)
        state = self.identity.authorize_calls[-1]["state"]
        assert start.status_code == 303
        done = self.client.get(
            "/auth/callback", params={"code": "c-1", "state": state}, follow_redirects=False
        )
        assert done.status_code == 303, done.text

    def csrf(self) -> str:
        session_id = self.client.cookies.get("twoway_session")
        assert session_id
        return self.sessions.sessions[session_id].csrf_token


def harness(**apis: Any) -> PortalHarness:
    identity = FakeIdentityProvider()
    sessions = FakeSessionStore()
    app = create_app(settings(), sessions=sessions, identity=identity)
    for name, api in apis.items():
        setattr(app.state.portal, name, api)
    client = TestClient(app, base_url="http://testserver")
    return PortalHarness(app=app, client=client, identity=identity, sessions=sessions)
