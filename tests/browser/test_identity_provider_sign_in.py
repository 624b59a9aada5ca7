"""Chromium signs in at the local OpenID provider's login page (no portal needed)."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from playwright.sync_api import Page, Route, expect

from deploy.local.identity import CLIENT_ID, IdentityProvider
from shared.http.auth import TokenVerifier
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.sign_in import fill_login_form
from tests.support.oidc_flow import pkce_pair


def _authorize_url(provider: IdentityProvider, challenge: str, state: str) -> str:
    query = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "scope": "openid profile email",
        "redirect_uri": f"{provider.portal_url}/auth/callback",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
        "nonce": secrets.token_urlsafe(12),
    }
    return f"{provider.issuer}/auth?{urlencode(query)}"


def _catch_callback(page: Page, provider: IdentityProvider) -> list[str]:
    """The portal is not running here: answer its callback in the browser, keep the URL."""
    seen: list[str] = []

    def answer(route: Route) -> None:
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>callback</title>")

    page.route(f"{provider.portal_url}/auth/callback**", answer)
    return seen


def test_a_person_signs_in_at_the_login_page_and_gets_an_access_token(
    page: Page, identity_provider: IdentityProvider, screenshot: ScreenshotTaker
) -> None:
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(12)
    _catch_callback(page, identity_provider)

    page.goto(_authorize_url(identity_provider, challenge, state))
    expect(page.get_by_role("heading", name="Sign in to Twoway")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "identity-provider-login")
    fill_login_form(page, "p-senior-1")
    page.wait_for_url(f"{identity_provider.portal_url}/auth/callback**")

    query = parse_qs(urlsplit(page.url).query)
    assert query["state"] == [state]
    discovery = httpx.get(f"{identity_provider.issuer}/.well-known/openid-configuration").json()
    tokens = httpx.post(
        discovery["token_endpoint"],
        auth=(CLIENT_ID, identity_provider.client_secret),
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": f"{identity_provider.portal_url}/auth/callback",
            "code_verifier": verifier,
        },
    ).json()
    principal = TokenVerifier(
        issuer=identity_provider.issuer,
        audience="twoway",
        secret=None,
        jwks_file=identity_provider.jwks_path,
    ).verify(tokens["access_token"])
    assert principal.is_participant("p-senior-1")


def test_a_wrong_password_shows_a_readable_message_on_the_login_page(
    page: Page, identity_provider: IdentityProvider, screenshot: ScreenshotTaker
) -> None:
    _, challenge = pkce_pair()
    callbacks = _catch_callback(page, identity_provider)

    page.goto(_authorize_url(identity_provider, challenge, secrets.token_urlsafe(12)))
    fill_login_form(page, "admin", "wrong-password")

    expect(page.get_by_role("alert")).to_have_text("Unknown username or wrong password.")
    assert_accessible(page)
    screenshot(page, "identity-provider-refused")
    assert callbacks == []
