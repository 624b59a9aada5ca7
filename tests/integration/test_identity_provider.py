"""The local OpenID provider issues tokens the services accept (authorization code + PKCE)."""

from __future__ import annotations

import httpx
import jwt
import pytest

from deploy.local.identity import AUDIENCE, CLIENT_ID, IdentityProvider
from shared.http.auth import TokenVerifier, Unauthenticated, issue_token
from tests.support.oidc_flow import sign_in


def _redirect_uri(provider: IdentityProvider) -> str:
    return f"{provider.portal_url}/auth/callback"


def _verifier(provider: IdentityProvider, secret: str | None = None) -> TokenVerifier:
    return TokenVerifier(
        issuer=[provider.issuer, "twoway-local"],
        audience=AUDIENCE,
        secret=secret,
        jwks_file=provider.jwks_path,
    )


def test_discovery_names_the_issuer_and_the_code_flow_with_pkce(
    identity_provider: IdentityProvider,
) -> None:
    discovery = httpx.get(f"{identity_provider.issuer}/.well-known/openid-configuration").json()

    assert discovery["issuer"] == identity_provider.issuer
    assert "code" in discovery["response_types_supported"]
    assert "S256" in discovery["code_challenge_methods_supported"]
    assert discovery["end_session_endpoint"].startswith(identity_provider.issuer)


def test_a_program_admin_signs_in_and_the_services_accept_the_access_token(
    identity_provider: IdentityProvider,
) -> None:
    result = sign_in(
        identity_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=identity_provider.client_secret,
        redirect_uri=_redirect_uri(identity_provider),
        login="emea-admin",
    )
    access_token = result.tokens["access_token"]

    assert jwt.get_unverified_header(access_token)["alg"] == "RS256"
    principal = _verifier(identity_provider).verify(access_token)
    assert principal.subject == "emea-admin"
    assert principal.roles == frozenset({"program_admin"})
    assert principal.regions == frozenset({"emea"})
    assert principal.administers("any-program", "emea")
    assert not principal.administers("any-program", "apac")

    id_token = jwt.decode(
        result.tokens["id_token"],
        jwt.PyJWKClient(result.discovery["jwks_uri"]).get_signing_key_from_jwt(
            result.tokens["id_token"]
        ),
        algorithms=["RS256"],
        audience=CLIENT_ID,
        issuer=identity_provider.issuer,
    )
    assert id_token["sub"] == "emea-admin"
    assert id_token["roles"] == ["program_admin"]


def test_a_participant_token_carries_the_participant_id_as_subject(
    identity_provider: IdentityProvider,
) -> None:
    result = sign_in(
        identity_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=identity_provider.client_secret,
        redirect_uri=_redirect_uri(identity_provider),
        login="p-junior-1",
    )

    principal = _verifier(identity_provider).verify(result.tokens["access_token"])

    assert principal.is_participant("p-junior-1")
    assert not principal.is_platform_admin


def test_a_wrong_password_is_refused_at_the_login_form(
    identity_provider: IdentityProvider,
) -> None:
    with pytest.raises(AssertionError, match="did not end at the redirect"):
        sign_in(
            identity_provider.issuer,
            client_id=CLIENT_ID,
            client_secret=identity_provider.client_secret,
            redirect_uri=_redirect_uri(identity_provider),
            login="admin",
            password="not-the-password",
        )


def test_cli_tokens_stay_valid_next_to_the_providers_tokens(
    identity_provider: IdentityProvider,
) -> None:
    secret = "a-local-secret-for-this-test-only-000"
    cli_token = issue_token(
        secret=secret,
        issuer="twoway-local",
        audience=AUDIENCE,
        subject="ops",
        roles=["platform_admin"],
    )
    foreign_issuer = issue_token(
        secret=secret,
        issuer="someone-else",
        audience=AUDIENCE,
        subject="ops",
        roles=["platform_admin"],
    )
    verifier = _verifier(identity_provider, secret)

    assert verifier.verify(cli_token).is_platform_admin
    with pytest.raises(Unauthenticated):
        verifier.verify(foreign_issuer)


def test_sign_out_accepts_the_id_token_as_hint_and_the_portals_address(
    identity_provider: IdentityProvider,
) -> None:
    result = sign_in(
        identity_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=identity_provider.client_secret,
        redirect_uri=_redirect_uri(identity_provider),
        login="admin",
    )

    response = httpx.get(
        result.discovery["end_session_endpoint"],
        params={
            "client_id": CLIENT_ID,
            "id_token_hint": result.tokens["id_token"],
            "post_logout_redirect_uri": f"{identity_provider.portal_url}/",
        },
    )

    # Without the provider's session cookie there is nothing to confirm: the page goes on to
    # the end of the sign-out. A hint it cannot verify would be a 400.
    assert response.status_code == 200, response.text
    assert "invalid_request" not in response.text
