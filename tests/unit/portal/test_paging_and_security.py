"""Pagination links over opaque cursors, and the sign-in flow's random values."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

from services.portal.domain.paging import clamp_limit, page_links, split_trail
from services.portal.domain.security import PendingSignIn, pkce_challenge, safe_return_path


def _query(link: str | None) -> dict[str, list[str]]:
    assert link is not None
    return parse_qs(urlsplit(link).query)


def test_first_page_links_only_forward_and_keeps_filters() -> None:
    links = page_links(
        path="/admin/programs/p/participants",
        filters={"q": "ada", "status": None},
        cursor=None,
        trail=[],
        next_cursor="c2",
        shown=50,
        limit=50,
        total=120,
    )
    assert links.first is None
    assert links.previous is None
    assert _query(links.next) == {"q": ["ada"], "cursor": ["c2"], "trail": ["-"]}
    assert (links.start, links.end, links.total) == (1, 50, 120)


def test_walking_forward_and_back_returns_to_the_same_cursors() -> None:
    second = page_links(
        path="/l",
        filters={},
        cursor="c2",
        trail=["-"],
        next_cursor="c3",
        shown=50,
        limit=50,
        total=None,
    )
    third_query = _query(second.next)
    assert third_query == {"cursor": ["c3"], "trail": ["-.c2"]}
    third = page_links(
        path="/l",
        filters={},
        cursor="c3",
        trail=split_trail("-.c2"),
        next_cursor=None,
        shown=20,
        limit=50,
        total=120,
    )
    assert third.next is None
    assert _query(third.previous) == {"cursor": ["c2"], "trail": ["-"]}
    assert (third.start, third.end) == (101, 120)
    back_to_first = page_links(
        path="/l",
        filters={},
        cursor="c2",
        trail=["-"],
        next_cursor="c3",
        shown=50,
        limit=50,
        total=None,
    )
    assert back_to_first.previous == "/l"


def test_limit_is_kept_within_what_the_services_accept() -> None:
    assert clamp_limit("5000") == 200
    assert clamp_limit("0") == 1
    assert clamp_limit("abc") == 50
    assert clamp_limit(None) == 50


def test_pkce_challenge_is_the_s256_of_the_verifier() -> None:
    pending = PendingSignIn.start("/admin")
    digest = hashlib.sha256(pending.code_verifier.encode()).digest()
    assert pending.code_challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert 43 <= len(pending.code_verifier) <= 128
    # RFC 7636 appendix B
    assert (
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_each_sign_in_gets_its_own_state_and_nonce() -> None:
    first, second = PendingSignIn.start("/"), PendingSignIn.start("/")
    assert first.state != second.state
    assert first.nonce != second.nonce


def test_only_local_paths_are_returned_to() -> None:
    assert safe_return_path("/admin/programs?x=1") == "/admin/programs?x=1"
    for unsafe in ("https://evil.example", "//evil.example", "/\\evil", "/auth/callback", ""):
        assert safe_return_path(unsafe) == "/"
