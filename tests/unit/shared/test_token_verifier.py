"""Which tokens the services accept: several issuers, IdP claim names, RS256 next to HS256."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.http.auth import ClaimNames, TokenVerifier, Unauthenticated, issue_token
from shared.settings import ServiceSettings

SECRET = "unit-test-secret-of-a-reasonable-length"
IDP = "https://login.example.com/tenant/v2.0"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_file(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> Path:
    public = json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": "k1", "alg": "RS256"}]}))
    return path


def idp_token(key: rsa.RSAPrivateKey, **claims: Any) -> str:
    now = datetime.now(UTC)
    body = {"iss": IDP, "aud": "twoway", "sub": "p-1", "exp": now + timedelta(minutes=5)}
    return jwt.encode({**body, **claims}, key, algorithm="RS256", headers={"kid": "k1"})


def test_idp_and_cli_tokens_are_both_accepted_with_both_issuers(
    rsa_key: rsa.RSAPrivateKey, jwks_file: Path
) -> None:
    verifier = TokenVerifier(
        issuer=[IDP, "twoway-local"], audience="twoway", secret=SECRET, jwks_file=jwks_file
    )
    cli = issue_token(
        secret=SECRET,
        issuer="twoway-local",
        audience="twoway",
        subject="ops",
        roles=["platform_admin"],
    )

    assert verifier.verify(cli).is_platform_admin
    assert verifier.verify(idp_token(rsa_key, roles=["participant"])).is_participant("p-1")
    with pytest.raises(Unauthenticated):
        verifier.verify(
            idp_token(rsa_key, iss="https://elsewhere.example.com", roles=["participant"])
        )


def test_claim_names_and_space_separated_values_follow_the_idp(
    rsa_key: rsa.RSAPrivateKey, jwks_file: Path
) -> None:
    verifier = TokenVerifier(
        issuer=IDP,
        audience="twoway",
        secret=None,
        jwks_file=jwks_file,
        claims=ClaimNames(roles="app_roles", programs="programs", regions="twoway/regions"),
    )

    principal = verifier.verify(
        idp_token(rsa_key, app_roles="program_admin", **{"twoway/regions": ["emea", "apac"]})
    )

    assert principal.roles == frozenset({"program_admin"})
    assert principal.regions == frozenset({"emea", "apac"})
    with pytest.raises(Unauthenticated, match="no Twoway role"):
        verifier.verify(idp_token(rsa_key, roles=["platform_admin"]))


def test_settings_split_the_issuers_and_accept_a_jwks_url_alone() -> None:
    settings = ServiceSettings(
        auth_issuer=f" {IDP} , twoway-local ,",
        auth_jwks_url="https://login.example.com/tenant/discovery/v2.0/keys",
    )

    assert settings.auth_issuers == (IDP, "twoway-local")
    with pytest.raises(ValueError, match="names no issuer"):
        ServiceSettings(auth_issuer=" , ", auth_jwks_url="https://login.example.com/keys")


def test_the_subject_comes_from_the_claim_the_idp_names_people_by(
    rsa_key: rsa.RSAPrivateKey, jwks_file: Path
) -> None:
    verifier = TokenVerifier(
        issuer=IDP,
        audience="twoway",
        secret=None,
        jwks_file=jwks_file,
        claims=ClaimNames(subject="oid"),
    )

    principal = verifier.verify(
        idp_token(rsa_key, roles=["participant"], sub="pairwise-xyz", oid="c0ffee-42")
    )

    assert principal.subject == "c0ffee-42"
    assert principal.is_participant("c0ffee-42")
    assert not principal.is_participant("pairwise-xyz")
    with pytest.raises(Unauthenticated, match="names no subject"):
        verifier.verify(idp_token(rsa_key, roles=["participant"]))
