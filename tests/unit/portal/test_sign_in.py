"""Signing in through the IdP, sessions, CSRF and signing out, on fake ports."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from services.portal.domain.security import pkce_challenge
from tests.unit.portal.fakes import EMEA_ADMIN_CLAIMS, PARTICIPANT_CLAIMS, harness
from tests.unit.portal.matching_fakes import FakeMatching


def test_anonymous_visitor_sees_the_sign_in_page() -> None:
    h = harness()
    with h.client:
        page = h.client.get("/")
    assert page.status_code == 200
    assert 'href="/auth/login"' in page.text


def test_login_sends_pkce_s256_state_and_nonce_and_sets_a_strict_cookie() -> None:
    h = harness()
    with h.client:
        started = h.client.get("/auth/login?next=/admin/programs", follow_redirects=False)
    assert started.status_code == 303
    call = h.identity.authorize_calls[-1]
    session = next(iter(h.sessions.sessions.values()))
    assert session.pending is not None
    assert call["state"] == session.pending["state"]
    assert call["nonce"] == session.pending["nonce"]
    assert call["code_challenge"] == pkce_challenge(session.pending["code_verifier"])
    cookie = started.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_callback_with_a_forged_state_signs_nobody_in() -> None:
    h = harness()
    with h.client:
        h.client.get("/auth/login", follow_redirects=False)
        answer = h.client.get("/auth/callback", params={"code": "c", "state": "forged"})
    assert answer.status_code == 401
    assert "Signing in did not work" in answer.text
    assert h.identity.exchanges == []


def test_callback_exchanges_the_code_with_the_verifier_and_goes_where_they_were_going() -> None:
    h = harness()
    with h.client:
        h.client.get("/auth/login?next=/admin/programs", follow_redirects=False)
        pending = next(iter(h.sessions.sessions.values())).pending
        assert pending is not None
        done = h.client.get(
            "/auth/callback",
            params={"code": "c-1", "state": pending["state"]},
            follow_redirects=False,
        )
    assert done.headers["location"] == "/admin/programs"
    assert h.identity.exchanges[-1]["code_verifier"] == pending["code_verifier"]
    assert h.identity.exchanges[-1]["nonce"] == pending["nonce"]


def test_a_new_session_id_is_issued_at_sign_in() -> None:
    h = harness()
    with h.client:
        h.client.get("/auth/login", follow_redirects=False)
        before = h.client.cookies.get("twoway_session")
        h.sign_in()
        after = h.client.cookies.get("twoway_session")
    assert before != after
    assert before not in h.sessions.sessions


def test_next_pointing_to_another_site_is_ignored() -> None:
    h = harness()
    with h.client:
        h.client.get("/auth/login?next=//evil.example/x", follow_redirects=False)
    session = next(iter(h.sessions.sessions.values()))
    assert session.pending is not None
    assert session.pending["return_to"] == "/"


def test_root_sends_admins_to_the_console_and_participants_to_their_page() -> None:
    admin = harness(matching=FakeMatching())
    with admin.client:
        admin.sign_in(EMEA_ADMIN_CLAIMS)
        assert admin.client.get("/", follow_redirects=False).headers["location"] == "/admin"
    participant = harness()
    with participant.client:
        participant.sign_in(PARTICIPANT_CLAIMS)
        assert participant.client.get("/", follow_redirects=False).headers["location"] == "/me"


def test_an_expired_token_sends_the_person_to_sign_in_keeping_the_page() -> None:
    h = harness(matching=FakeMatching())
    h.identity.token_lifetime = timedelta(seconds=-1)
    with h.client:
        h.sign_in()
        answer = h.client.get("/admin/programs?x=1", follow_redirects=False)
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert target.path == "/auth/login"
    assert parse_qs(target.query)["next"] == ["/admin/programs?x=1"]


def test_htmx_request_with_an_expired_session_is_redirected_by_header() -> None:
    h = harness(matching=FakeMatching())
    with h.client:
        answer = h.client.get("/admin/programs", headers={"HX-Request": "true"})
    assert answer.headers["HX-Redirect"].startswith("/auth/login?next=")


def test_a_participant_is_refused_the_console_with_a_readable_message() -> None:
    h = harness(matching=FakeMatching())
    with h.client:
        h.sign_in(PARTICIPANT_CLAIMS)
        answer = h.client.get("/admin/programs")
    assert answer.status_code == 403
    assert "not allowed" in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_posting_without_the_csrf_token_is_refused() -> None:
    h = harness()
    with h.client:
        h.sign_in()
        refused = h.client.post("/auth/logout", data={}, follow_redirects=False)
        forged = h.client.post("/auth/logout", data={"csrf_token": "x"}, follow_redirects=False)
    assert refused.status_code == 400
    assert forged.status_code == 400
    assert len(h.sessions.sessions) == 1


def test_sign_out_ends_the_session_and_logs_out_at_the_idp() -> None:
    h = harness()
    with h.client:
        h.sign_in()
        token = h.csrf()
        answer = h.client.post("/auth/logout", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("https://idp.example/session/end")
    assert h.sessions.sessions == {}


def test_csrf_token_in_the_htmx_header_is_accepted() -> None:
    h = harness()
    with h.client:
        h.sign_in()
        answer = h.client.post(
            "/auth/logout", headers={"X-CSRF-Token": h.csrf()}, follow_redirects=False
        )
    assert answer.status_code == 303


def test_language_switch_is_remembered() -> None:
    h = harness(matching=FakeMatching())
    with h.client:
        h.sign_in()
        h.client.post(
            "/locale", data={"csrf_token": h.csrf(), "locale": "de", "back": "/admin/programs"}
        )
        page = h.client.get("/admin/programs")
    assert 'lang="de"' in page.text
    assert "Abmelden" in page.text


def test_a_service_refusing_a_fresh_token_shows_a_message_instead_of_looping() -> None:
    from services.portal.domain.failures import SignInRequired

    matching = FakeMatching()
    matching.fail_with = SignInRequired("matching", "unauthenticated")
    h = harness(matching=matching)
    with h.client:
        h.sign_in()
        answer = h.client.get("/admin/programs", follow_redirects=False)
    assert answer.status_code == 401
    assert "did not accept your sign-in" in answer.text


def test_a_sign_in_the_idp_refused_is_explained() -> None:
    h = harness()
    with h.client:
        h.client.get("/auth/login", follow_redirects=False)
        answer = h.client.get("/auth/callback", params={"error": "access_denied"})
    assert answer.status_code == 401
    assert "Signing in did not work" in answer.text
