"""OpenID Connect relying party: discovery, authorization code + PKCE, ID token checks.

The IdP's metadata and JWKS are fetched on first use and cached; a token signed with a key the
cache does not know refreshes the JWKS once (key rotation). The ID token is verified (signature,
issuer, audience = client id, expiry, nonce); the access token is forwarded to the services,
which verify it themselves, so the portal reads its claims only for navigation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from services.portal.application.ports import Json, SignedIn
from services.portal.domain.failures import SignInFailed, Unavailable

log = logging.getLogger("twoway.portal.oidc")
CLOCK_SKEW_SECONDS = 60
METADATA_TTL_SECONDS = 3600.0


class OidcClient:
    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        scopes: str,
        resource: str | None,
        http: httpx.AsyncClient,
    ) -> None:
        self._issuer = issuer
        self._client_id = client_id
        self._client_secret = client_secret
        self._redirect_uri = redirect_uri
        self._scopes = scopes
        self._resource = resource
        self._http = http
        self._metadata: Json | None = None
        self._metadata_at = 0.0
        self._jwks: jwt.PyJWKSet | None = None
        self._lock = asyncio.Lock()

    async def _get(self, url: str) -> Json:
        try:
            response = await self._http.get(url)
            response.raise_for_status()
            return dict(response.json())
        except (httpx.HTTPError, ValueError):
            raise Unavailable("identity", "idp_unreachable") from None

    async def metadata(self) -> Json:
        async with self._lock:
            fresh = time.monotonic() - self._metadata_at < METADATA_TTL_SECONDS
            if self._metadata is None or not fresh:
                found = await self._get(f"{self._issuer}/.well-known/openid-configuration")
                if str(found.get("issuer", "")).rstrip("/") != self._issuer.rstrip("/"):
                    raise Unavailable("identity", "issuer_mismatch")
                self._metadata, self._metadata_at, self._jwks = found, time.monotonic(), None
            return self._metadata

    async def _signing_key(self, token: str) -> Any:
        kid = jwt.get_unverified_header(token).get("kid")
        for attempt in range(2):
            if self._jwks is None or attempt == 1:
                jwks_uri = (await self.metadata())["jwks_uri"]
                self._jwks = jwt.PyJWKSet.from_dict(await self._get(str(jwks_uri)))
            for key in self._jwks.keys:
                if kid is None or key.key_id == kid:
                    return key.key
        raise SignInFailed("identity", "unknown_signing_key")

    async def authorization_url(
        self, *, state: str, nonce: str, code_challenge: str, locale: str | None
    ) -> str:
        endpoint = str((await self.metadata())["authorization_endpoint"])
        query = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self._redirect_uri,
            "scope": self._scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        if self._resource:
            query["resource"] = self._resource
        if locale:
            query["ui_locales"] = locale
        separator = "&" if "?" in endpoint else "?"
        return f"{endpoint}{separator}{urlencode(query)}"

    async def exchange_code(self, *, code: str, code_verifier: str, nonce: str) -> SignedIn:
        metadata = await self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self._redirect_uri,
            "code_verifier": code_verifier,
        }
        if self._resource:
            form["resource"] = self._resource
        try:
            response = await self._http.post(
                str(metadata["token_endpoint"]),
                data=form,
                auth=httpx.BasicAuth(self._client_id, self._client_secret),
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError:
            raise Unavailable("identity", "idp_unreachable") from None
        if response.status_code != 200:
            log.warning("token exchange refused", extra={"status": response.status_code})
            raise SignInFailed("identity", "token_exchange_refused")
        tokens = response.json()
        id_token, access_token = tokens.get("id_token"), tokens.get("access_token")
        if not id_token or not access_token:
            raise SignInFailed("identity", "tokens_missing")
        id_claims = await self.verify_id_token(str(id_token), nonce=nonce)
        access_claims = _unverified_claims(str(access_token))
        expires_in = int(tokens.get("expires_in") or 0)
        expires_at = (
            datetime.fromtimestamp(int(access_claims["exp"]), UTC)
            if "exp" in access_claims
            else datetime.now(UTC) + timedelta(seconds=expires_in or 300)
        )
        return SignedIn(
            access_token=str(access_token),
            access_expires_at=expires_at,
            id_token=str(id_token),
            access_claims=access_claims,
            id_claims=id_claims,
        )

    async def verify_id_token(self, id_token: str, *, nonce: str) -> Json:
        try:
            key = await self._signing_key(id_token)
            claims = jwt.decode(
                id_token,
                key,
                algorithms=["RS256", "ES256", "PS256"],
                audience=self._client_id,
                issuer=str((await self.metadata())["issuer"]),
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            log.warning("id token rejected", extra={"error_type": type(error).__name__})
            raise SignInFailed("identity", "id_token_invalid") from None
        if claims.get("nonce") != nonce:
            raise SignInFailed("identity", "nonce_mismatch")
        return dict(claims)

    async def logout_url(self, *, id_token: str | None, post_logout_redirect: str) -> str | None:
        try:
            endpoint = (await self.metadata()).get("end_session_endpoint")
        except Unavailable:
            return None
        if not endpoint:
            return None
        query = {"client_id": self._client_id, "post_logout_redirect_uri": post_logout_redirect}
        if id_token:
            query["id_token_hint"] = id_token
        separator = "&" if "?" in str(endpoint) else "?"
        return f"{endpoint}{separator}{urlencode(query)}"


def _unverified_claims(token: str) -> Json:
    """The access token's claims for navigation; the services verify the token on each call."""
    try:
        return dict(jwt.decode(token, options={"verify_signature": False}))
    except jwt.PyJWTError:
        # An opaque access token: no claims to read, navigation falls back to the ID token.
        return {}
