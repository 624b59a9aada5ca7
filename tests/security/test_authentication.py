"""Bearer JWTs on every route of every service: HS256 with the shared secret, RS256 through the
JWKS file; expired, forged, wrong-issuer, wrong-audience, alg=none and role-less tokens are 401."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from tests.security.tokens import AUDIENCE, ISSUER, KEY_ID, SECRET, KeyPair, claims, hs256, rs256
from tests.security.world import SecuredWorld

pytestmark = pytest.mark.integration

PROTECTED = {
    "matching": "/programs/sec-emea",
    "scheduling": "/programs/sec-emea/series",
    "feedback": "/programs/sec-emea/pair-health",
    "notifications": "/notifications/programs/sec-emea/admin-contacts",
}
OPEN_ROUTES = {"/healthz", "/readyz"}
"""Probes answer without a token (and say nothing about data); everything else needs one."""


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unsigned(payload: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN = ["platform_admin"]
PAST = datetime.now(UTC) - timedelta(hours=2)
REFUSED: dict[str, Any] = {
    "no header": lambda keys: {},
    "not a bearer scheme": lambda keys: {
        "Authorization": f"Basic {base64.b64encode(b'a:b').decode()}"
    },
    "garbage token": lambda keys: bearer("not.a.jwt"),
    "expired": lambda keys: bearer(
        jwt.encode(
            claims(
                "x",
                ADMIN,
                iat=int(PAST.timestamp()),
                exp=int((PAST + timedelta(minutes=5)).timestamp()),
            ),
            SECRET,
            algorithm="HS256",
        )
    ),
    "wrong issuer": lambda keys: bearer(
        jwt.encode(claims("x", ADMIN, iss="https://evil.example"), SECRET, algorithm="HS256")
    ),
    "wrong audience": lambda keys: bearer(
        jwt.encode(claims("x", ADMIN, aud="another-api"), SECRET, algorithm="HS256")
    ),
    "forged signature (other secret)": lambda keys: bearer(
        jwt.encode(claims("x", ADMIN), "a-secret-the-attacker-guessed-wrongly", algorithm="HS256")
    ),
    "alg=none": lambda keys: unsigned(claims("x", ADMIN)),
    "no expiry": lambda keys: bearer(
        jwt.encode(claims("x", ADMIN, exp=None), SECRET, algorithm="HS256")
    ),
    "no subject": lambda keys: bearer(jwt.encode(claims(None, ADMIN), SECRET, algorithm="HS256")),  # type: ignore[arg-type]
    "no Twoway role": lambda keys: bearer(
        jwt.encode(claims("x", ["superuser"]), SECRET, algorithm="HS256")
    ),
    "RS256 by another key with our kid": lambda keys: rs256(KeyPair.generate(), claims("x", ADMIN)),
    "RS256 with an unknown kid": lambda keys: rs256(keys, claims("x", ADMIN), kid="other-key"),
    "RS256 expired": lambda keys: rs256(
        keys,
        claims(
            "x",
            ADMIN,
            iat=int(PAST.timestamp()),
            exp=int((PAST + timedelta(minutes=5)).timestamp()),
        ),
    ),
    "RS256 wrong audience": lambda keys: rs256(keys, claims("x", ADMIN, aud="another-api")),
    "HS256 keyed with the RSA public key (algorithm confusion)": lambda keys: bearer(
        _confused(keys)
    ),
}


def _confused(keys: KeyPair) -> str:
    from cryptography.hazmat.primitives import serialization

    pem = keys.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": KEY_ID})
    body = _b64(claims("x", ADMIN))
    import hashlib
    import hmac

    signature = hmac.new(pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


@pytest.mark.parametrize("service", sorted(PROTECTED))
@pytest.mark.parametrize("variant", sorted(REFUSED))
async def test_bad_tokens_are_refused_with_401(
    secured: SecuredWorld, service: str, variant: str
) -> None:
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=30) as http:
        response = await http.get(PROTECTED[service], headers=REFUSED[variant](secured.keys))
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"] == "unauthenticated"


@pytest.mark.parametrize("service", sorted(PROTECTED))
async def test_valid_hs256_and_jwks_rs256_tokens_are_accepted(
    secured: SecuredWorld, service: str
) -> None:
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=30) as http:
        by_secret = await http.get(PROTECTED[service], headers=hs256("ops", ADMIN))
        by_key = await http.get(
            PROTECTED[service], headers=rs256(secured.keys, claims("ops", ADMIN))
        )
    assert by_secret.status_code == 200, by_secret.text
    assert by_key.status_code == 200, by_key.text
    assert by_key.json() == by_secret.json()


# Path parameters whose routes accept only some values (a self-assessment's phase is pre|post).
_PARAMETER_VALUES = {"phase": "pre"}


def _concrete(path: str) -> str:
    return re.sub(
        r"\{([^}]+)\}", lambda found: _PARAMETER_VALUES.get(found.group(1), "probe-1"), path
    )


@pytest.mark.parametrize("service", sorted(PROTECTED))
async def test_every_route_in_the_openapi_document_needs_a_token(
    secured: SecuredWorld, service: str
) -> None:
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=30) as http:
        spec = (await http.get("/openapi.json")).json()
        answered = {}
        for path, operations in spec["paths"].items():
            for method in operations:
                if path in OPEN_ROUTES:
                    continue
                response = await http.request(method.upper(), _concrete(path), json={})
                answered[f"{method.upper()} {path}"] = response.status_code
    assert answered, "no routes found"
    assert {route: code for route, code in answered.items() if code != 401} == {}


@pytest.mark.parametrize("service", sorted(PROTECTED))
async def test_the_manual_clock_is_for_platform_admins_only(
    secured: SecuredWorld, service: str
) -> None:
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=30) as http:
        anonymous = await http.post("/admin/clock", json={"advance_seconds": 0})
        participant = await http.post(
            "/admin/clock",
            json={"advance_seconds": 0},
            headers=hs256("sec-emea-j0", ["participant"]),
        )
        regional = await http.get(
            "/admin/clock", headers=hs256("a", ["program_admin"], regions=["emea"])
        )
    assert (anonymous.status_code, participant.status_code, regional.status_code) == (401, 403, 403)


async def test_issuer_and_audience_come_from_settings(secured: SecuredWorld) -> None:
    token = jwt.encode(claims("ops", ADMIN, iss=ISSUER, aud=AUDIENCE), SECRET, algorithm="HS256")
    async with httpx.AsyncClient(base_url=secured.url("matching"), timeout=30) as http:
        response = await http.get("/programs", headers=bearer(token))
    assert response.status_code == 200
