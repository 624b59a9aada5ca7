"""Bearer-JWT authentication (OIDC style) and the three roles every API understands.

Tokens carry `roles` (platform_admin, program_admin, participant), and for program admins the
`programs` and/or `regions` they administer. A participant's subject (`sub`, or the claim
TWOWAY_AUTH_SUBJECT_CLAIM names) is their participant id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, Request

from shared.claims import ClaimNames
from shared.http.errors import ApiError
from shared.settings import ServiceSettings

Role = Literal["platform_admin", "program_admin", "participant"]
_ROLES: frozenset[str] = frozenset({"platform_admin", "program_admin", "participant"})


class Unauthenticated(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(401, "unauthenticated", message)


class Forbidden(ApiError):
    def __init__(self, message: str = "not allowed for this principal") -> None:
        super().__init__(403, "forbidden", message)


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    roles: frozenset[str]
    programs: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_platform_admin(self) -> bool:
        return "platform_admin" in self.roles

    def administers(self, program_id: str, region: str | None) -> bool:
        if self.is_platform_admin:
            return True
        if "program_admin" not in self.roles:
            return False
        return program_id in self.programs or (region is not None and region in self.regions)

    def is_participant(self, participant_id: str) -> bool:
        return "participant" in self.roles and self.subject == participant_id

    def require_admin_of(self, program_id: str, region: str | None) -> None:
        if not self.administers(program_id, region):
            raise Forbidden("not an admin of this program")

    def require_platform_admin(self) -> None:
        if not self.is_platform_admin:
            raise Forbidden("platform admins only")


SYSTEM_PRINCIPAL = Principal(subject="system", roles=frozenset({"platform_admin"}))


def _strings(value: Any) -> frozenset[str]:
    """A claim as a set of strings: a list, or one (space-separated) string as some IdPs send."""
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list | tuple):
        return frozenset(str(item) for item in value)
    return frozenset()


class TokenVerifier:
    """Checks signature, issuer, audience and expiry; anything else is a 401.

    HS256 tokens (`twoway token`, tests) are checked with the shared secret; RS256/ES256 tokens
    from an IdP with its public keys, from a JWKS file or fetched (and cached) from its JWKS URL.
    Several issuers may be accepted, e.g. the IdP's and the CLI's `twoway-local`.
    """

    def __init__(
        self,
        *,
        issuer: str | Sequence[str],
        audience: str,
        secret: str | None,
        jwks_file: Path | None,
        jwks_url: str | None = None,
        claims: ClaimNames | None = None,
    ) -> None:
        self._issuers = [issuer] if isinstance(issuer, str) else list(issuer)
        self._audience = audience
        self._secret = secret
        self._jwks = (
            jwt.PyJWKSet.from_json(jwks_file.read_text(encoding="utf-8")) if jwks_file else None
        )
        self._jwks_client = (
            jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600, timeout=5)
            if jwks_url
            else None
        )
        self._claims = claims or ClaimNames()

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        return cls(
            issuer=settings.auth_issuers,
            audience=settings.auth_audience,
            secret=settings.secret_value(
                settings.auth_hs256_secret, settings.auth_hs256_secret_file
            ),
            jwks_file=settings.auth_jwks_file,
            jwks_url=settings.auth_jwks_url,
            claims=ClaimNames(
                subject=settings.auth_subject_claim,
                roles=settings.auth_roles_claim,
                programs=settings.auth_programs_claim,
                regions=settings.auth_regions_claim,
            ),
        )

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        header = jwt.get_unverified_header(token)
        algorithm = header.get("alg")
        if algorithm == "HS256" and self._secret:
            return self._secret, ["HS256"]
        if algorithm in ("RS256", "ES256"):
            kid = header.get("kid")
            if self._jwks is not None:
                for key in self._jwks.keys:
                    if kid is None or key.key_id == kid:
                        return key.key, [str(algorithm)]
            if self._jwks_client is not None:
                try:
                    return self._jwks_client.get_signing_key_from_jwt(token).key, [str(algorithm)]
                except jwt.PyJWKClientError:
                    raise Unauthenticated("token signed with an unknown key") from None
        raise Unauthenticated("token signed with an unknown key or algorithm")

    def verify(self, token: str) -> Principal:
        try:
            key, algorithms = self._key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self._audience,
                issuer=self._issuers,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token expired") from None
        except jwt.PyJWTError as error:
            raise Unauthenticated(f"invalid token: {type(error).__name__}") from None
        names = self._claims
        roles = frozenset(r for r in _strings(claims.get(names.roles)) if r in _ROLES)
        if not roles:
            raise Unauthenticated("token grants no Twoway role")
        subject = claims.get(names.subject)
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated("token names no subject")
        return Principal(
            subject=subject,
            roles=roles,
            programs=_strings(claims.get(names.programs)),
            regions=_strings(claims.get(names.regions)),
        )


def issue_token(
    *,
    secret: str,
    issuer: str,
    audience: str,
    subject: str,
    roles: list[str],
    programs: list[str] | None = None,
    regions: list[str] | None = None,
    ttl: timedelta = timedelta(hours=1),
    now: datetime | None = None,
) -> str:
    """An HS256 token, for local stacks, the CLI and tests; production uses the IdP's tokens."""
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
        "roles": roles,
    }
    if programs:
        claims["programs"] = programs
    if regions:
        claims["regions"] = regions
    return jwt.encode(claims, secret, algorithm="HS256")


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("missing bearer token")
    return token.strip()


def current_principal(request: Request) -> Principal:
    verifier: TokenVerifier | None = request.app.state.token_verifier
    if verifier is None:  # auth_mode=disabled: only for isolated local experiments
        return SYSTEM_PRINCIPAL
    return verifier.verify(_bearer(request))


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def jwks_json(public_jwk: dict[str, Any]) -> str:
    return json.dumps({"keys": [public_jwk]})
