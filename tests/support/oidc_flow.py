"""The authorization code flow with PKCE driven over plain HTTP, as a browser would drive it."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


@dataclass(frozen=True)
class CodeFlowResult:
    tokens: dict[str, Any]
    discovery: dict[str, Any]


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def authorization_code(
    client: httpx.Client,
    discovery: dict[str, Any],
    *,
    client_id: str,
    redirect_uri: str,
    login: str,
    password: str,
    challenge: str,
    state: str,
    nonce: str,
) -> str:
    """Follow the authorization request through the login form to the redirect; the code."""
    response = client.get(
        discovery["authorization_endpoint"],
        params={
            "client_id": client_id,
            "response_type": "code",
            "scope": "openid profile email",
            "redirect_uri": redirect_uri,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": state,
            "nonce": nonce,
        },
    )
    for _ in range(10):
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(redirect_uri):
                query = parse_qs(urlsplit(location).query)
                if query.get("state") != [state]:
                    raise AssertionError("state changed on the way back")
                if "code" not in query:
                    raise AssertionError(f"no code in the redirect: {query}")
                return query["code"][0]
            response = client.get(location)
            continue
        action = _FORM_ACTION.search(response.text)
        if response.status_code not in (200, 401) or action is None:
            raise AssertionError(f"unexpected page {response.status_code}: {response.text[:300]}")
        response = client.post(
            urljoin(str(response.url), action.group(1)),
            data={"login": login, "password": password},
        )
    raise AssertionError("the authorization flow did not end at the redirect URI")


def sign_in(
    issuer: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    login: str,
    password: str | None = None,
) -> CodeFlowResult:
    """Tokens for `login` from the provider at `issuer` (authorization code + PKCE)."""
    with httpx.Client(timeout=10.0) as client:
        discovery = client.get(f"{issuer}/.well-known/openid-configuration").json()
        verifier, challenge = pkce_pair()
        code = authorization_code(
            client,
            discovery,
            client_id=client_id,
            redirect_uri=redirect_uri,
            login=login,
            password=login if password is None else password,
            challenge=challenge,
            state=secrets.token_urlsafe(16),
            nonce=secrets.token_urlsafe(16),
        )
        response = client.post(
            discovery["token_endpoint"],
            auth=(client_id, client_secret),
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
        )
        response.raise_for_status()
        return CodeFlowResult(tokens=response.json(), discovery=discovery)
