"""Service answers as typed failures, failures as sentences, and the choice of locale."""

from __future__ import annotations

import pytest

from services.portal.adapters.service_client import failure_for
from services.portal.domain.failures import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    SignInRequired,
    Unavailable,
)
from services.portal.domain.locale import choose_locale, parse_accept_language
from services.portal.domain.messages import describe
from services.portal.domain.texts import CATALOG, translate


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, SignInRequired),
        (403, NotAllowed),
        (404, NotFound),
        (409, Conflict),
        (422, Invalid),
        (400, Invalid),
        (500, Unavailable),
        (503, Unavailable),
    ],
)
def test_each_status_becomes_its_failure(status: int, kind: type) -> None:
    failure = failure_for("matching", status, {"error": "x", "message": "m", "problems": []})
    assert isinstance(failure, kind)
    assert failure.service == "matching"


def test_validation_problems_keep_where_and_why_but_not_the_submitted_value() -> None:
    body = {
        "error": "invalid_request",
        "problems": [{"loc": ["body", "settings", "end_date"], "msg": "before start", "type": "v"}],
    }
    failure = failure_for("matching", 422, body)
    assert isinstance(failure, Invalid)
    assert [(p.where, p.why) for p in failure.problems] == [("settings.end_date", "before start")]


def test_an_unavailable_service_is_named_in_the_persons_language() -> None:
    assert "sessions" in describe(Unavailable("scheduling"), "en").text
    assert "Termine" in describe(Unavailable("scheduling"), "de").text


def test_a_conflict_names_its_reason_readably() -> None:
    assert (
        "round already approved"
        in describe(Conflict("matching", "round_already_approved"), "en").text
    )


def test_the_profile_locale_wins_over_the_cookie_and_the_browser() -> None:
    assert choose_locale(profile="ja", cookie="de", accept_language="fr") == "ja"
    assert choose_locale(cookie="de", accept_language="fr") == "de"


def test_the_browser_languages_are_taken_by_quality() -> None:
    header = "it;q=0.9, es;q=0.8, fr-CH;q=0.95, en;q=0.1"
    assert parse_accept_language(header)[:3] == ["fr", "it", "es"]
    assert choose_locale(accept_language=header) == "fr"


def test_an_unsupported_language_falls_back_to_english() -> None:
    assert choose_locale(profile="pt", accept_language="it, nl;q=0.5") == "en"
    assert choose_locale(accept_language="de;q=0") == "en"


def test_a_missing_translation_falls_back_to_english_and_never_fails() -> None:
    assert translate("pt", "common.download_csv") == CATALOG["en"]["common.download_csv"]
    assert translate("de", "no.such.key") == "no.such.key"
    assert translate("en", "common.showing", start=1) == CATALOG["en"]["common.showing"]


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "ja"])
def test_every_error_sentence_exists_in_every_locale(locale: str) -> None:
    for key in ("error.not_allowed", "error.not_found", "error.unavailable", "error.invalid"):
        assert key in CATALOG[locale]


@pytest.mark.parametrize("locale", ["de", "fr", "es", "ja"])
def test_every_translated_key_exists_in_english(locale: str) -> None:
    assert set(CATALOG[locale]) - set(CATALOG["en"]) == set()


def test_a_body_over_the_limit_gets_a_readable_page_not_json() -> None:
    from tests.unit.portal.fakes import harness

    h = harness()
    with h.client:
        answer = h.client.post(
            "/auth/logout",
            content=b"x" * 20_000_001,
            headers={"content-type": "application/octet-stream", "accept-language": "de"},
        )
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "zu groß" in answer.text
