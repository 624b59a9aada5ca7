"""The OpenID Connect client against a small in-process IdP (httpx transport, real RS256 keys)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from services.portal.adapters.oidc_client import OidcClient
from services.portal.domain.failures import SignInFailed, Unavailable

ISSUER = "https://idp.example"


def new_key() -> tuple[Any, dict[str, Any]]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return private, public


class FakeIdp:
    """Discovery, JWKS and a token endpoint; `key_id` names the key tokens are signed with."""

    def __init__(self, *, end_session: bool = True, issuer: str = ISSUER) -> None:
        self.keys: dict[str, Any] = {}
        self.public: dict[str, dict[str, Any]] = {}
        self.key_id = self.rotate()
        self.end_session = end_session
        self.issuer = issuer
        self.token_requests: list[dict[str, list[str]]] = []
        self.jwks_fetches = 0
        self.id_claims: dict[str, Any] = {}

    def rotate(self) -> str:
        kid = f"k{len(self.keys) + 1}"
        private, public = new_key()
        self.keys[kid] = private
        self.public[kid] = {**public, "kid": kid, "alg": "RS256", "use": "sig"}
        self.key_id = kid
        return kid

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(
            claims, self.keys[self.key_id], algorithm="RS256", headers={"kid": self.key_id}
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/.well-known/openid-configuration":
            metadata = {
                "issuer": self.issuer,
                "authorization_endpoint": f"{ISSUER}/auth",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
            }
            if self.end_session:
                metadata["end_session_endpoint"] = f"{ISSUER}/session/end"
            return httpx.Response(200, json=metadata)
        if path == "/jwks":
            self.jwks_fetches += 1
            return httpx.Response(200, json={"keys": list(self.public.values())})
        if path == "/token":
            self.token_requests.append(parse_qs(request.content.decode()))
            now = int(time.time())
            id_token = self.sign(
                {
                    "iss": ISSUER,
                    "aud": "twoway-portal",
                    "sub": "admin",
                    "iat": now,
                    "exp": now + 300,
                    **self.id_claims,
                }
            )
            access = jwt.encode(
                {"sub": "admin", "roles": ["platform_admin"], "exp": now + 300},
                "x",
                algorithm="HS256",
            )
            return httpx.Response(
                200, json={"id_token": id_token, "access_token": access, "expires_in": 300}
            )
        return httpx.Response(404)


def client(idp: FakeIdp, resource: str | None = None) -> OidcClient:
    return OidcClient(
        issuer=ISSUER,
        client_id="twoway-portal",
        client_secret="secret",
        redirect_uri="http://portal.example/auth/callback",
        scopes="openid profile",
        resource=resource,
        http=httpx.AsyncClient(transport=httpx.MockTransport(idp.handle)),
    )


async def test_the_authorization_url_asks_for_a_code_with_pkce_s256() -> None:
    url = await client(FakeIdp(), resource="twoway").authorization_url(
        state="st", nonce="no", code_challenge="ch", locale="de"
    )
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{ISSUER}/auth?")
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"] == ["ch"]
    assert query["state"] == ["st"]
    assert query["nonce"] == ["no"]
    assert query["resource"] == ["twoway"]
    assert query["ui_locales"] == ["de"]


async def test_a_code_is_exchanged_with_the_verifier_and_the_id_token_checked() -> None:
    idp = FakeIdp()
    idp.id_claims = {"nonce": "n-1", "name": "Platform admin"}
    signed = await client(idp).exchange_code(code="c-1", code_verifier="v-1", nonce="n-1")
    sent = idp.token_requests[-1]
    assert sent["code_verifier"] == ["v-1"]
    assert sent["grant_type"] == ["authorization_code"]
    assert signed.id_claims["name"] == "Platform admin"
    assert signed.access_claims["roles"] == ["platform_admin"]


async def test_a_replayed_id_token_with_another_nonce_is_refused() -> None:
    idp = FakeIdp()
    idp.id_claims = {"nonce": "someone-elses"}
    with pytest.raises(SignInFailed):
        await client(idp).exchange_code(code="c", code_verifier="v", nonce="mine")


async def test_an_id_token_for_another_client_is_refused() -> None:
    idp = FakeIdp()
    idp.id_claims = {"nonce": "n", "aud": "another-app"}
    with pytest.raises(SignInFailed):
        await client(idp).exchange_code(code="c", code_verifier="v", nonce="n")


async def test_an_id_token_signed_with_a_foreign_key_is_refused() -> None:
    idp = FakeIdp()
    idp.id_claims = {"nonce": "n"}
    oidc = client(idp)
    await oidc.metadata()
    stranger, _ = new_key()
    idp.keys[idp.key_id] = stranger  # same kid, key the JWKS does not publish
    with pytest.raises(SignInFailed):
        await oidc.exchange_code(code="c", code_verifier="v", nonce="n")


async def test_a_rotated_signing_key_is_fetched_once() -> None:
    idp = FakeIdp()
    idp.id_claims = {"nonce": "n"}
    oidc = client(idp)
    await oidc.exchange_code(code="c", code_verifier="v", nonce="n")
    idp.rotate()
    await oidc.exchange_code(code="c", code_verifier="v", nonce="n")
    assert idp.jwks_fetches == 2


async def test_discovery_naming_another_issuer_is_not_trusted() -> None:
    with pytest.raises(Unavailable):
        await client(FakeIdp(issuer="https://evil.example")).metadata()


async def test_logout_goes_to_the_idp_only_when_it_offers_it() -> None:
    url = await client(FakeIdp()).logout_url(
        id_token="idt", post_logout_redirect="http://portal.example/"
    )
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    assert query["id_token_hint"] == ["idt"]
    assert query["post_logout_redirect_uri"] == ["http://portal.example/"]
    none = await client(FakeIdp(end_session=False)).logout_url(
        id_token="idt", post_logout_redirect="http://portal.example/"
    )
    assert none is None
