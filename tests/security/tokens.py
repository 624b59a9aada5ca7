"""What the security tests present to the services: HS256 tokens signed with the suite's
secret, and an RS256 key pair published as a JWKS file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.http.auth import issue_token

SECRET = "security-suite-secret-of-a-decent-length"
ISSUER, AUDIENCE = "twoway-local", "twoway"
KEY_ID = "security-suite-rs256"


@dataclass(frozen=True, slots=True)
class KeyPair:
    private: rsa.RSAPrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwks(self) -> str:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        public.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
        return json.dumps({"keys": [public]})


def claims(subject: str, roles: list[str], **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=30)).timestamp()),
        "roles": roles,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def hs256(subject: str, roles: list[str], **scope: list[str]) -> dict[str, str]:
    token = issue_token(
        secret=SECRET,
        issuer=ISSUER,
        audience=AUDIENCE,
        subject=subject,
        roles=roles,
        programs=scope.get("programs"),
        regions=scope.get("regions"),
    )
    return {"Authorization": f"Bearer {token}"}


def rs256(keys: KeyPair, payload: dict[str, Any], kid: str = KEY_ID) -> dict[str, str]:
    token = jwt.encode(payload, keys.private, algorithm="RS256", headers={"kid": kid})
    return {"Authorization": f"Bearer {token}"}


PLATFORM_ADMIN = hs256("sec-ops", ["platform_admin"])
