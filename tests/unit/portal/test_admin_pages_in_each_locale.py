"""Every admin page, on fake service APIs, in German, French, Spanish and Japanese: it renders,
says its language, and shows none of the console's English sentences."""

from __future__ import annotations

import html

import pytest

from services.portal.domain.texts import CATALOG
from tests.unit.portal.console_data import PROGRAM_ID, console
from tests.unit.portal.fakes import harness

BASE = f"/admin/programs/{PROGRAM_ID}"
PAGES = (
    "/admin/programs",
    "/admin/programs/new",
    BASE,
    f"{BASE}/settings",
    f"{BASE}/policy",
    f"{BASE}/participants",
    f"{BASE}/participants/j1",
    f"{BASE}/participants/j1/erase",
    f"{BASE}/matching",
    f"{BASE}/rounds/r-1",
    f"{BASE}/rounds/r-1/pairs/pr-1",
    f"{BASE}/pairs",
    f"{BASE}/pairs/pr-1",
    f"{BASE}/health",
    f"{BASE}/insights",
    f"{BASE}/compare?junior=j1&senior=s1",
)


def english_sentences(locale: str) -> dict[str, str]:
    """English texts of three words or more, without placeholders, that the locale words
    differently: if one shows on a page in `locale`, that page fell back to English."""
    return {
        key: text
        for key, text in CATALOG["en"].items()
        if "{" not in text and len(text.split()) >= 3 and CATALOG[locale].get(key) != text
    }


@pytest.mark.parametrize("locale", ["de", "fr", "es", "ja"])
def test_every_admin_page_is_shown_in_the_persons_language(locale: str) -> None:
    matching, feedback, scheduling = console()
    h = harness(matching=matching, feedback=feedback, scheduling=scheduling)
    h.client.headers["accept-language"] = locale
    h.client.__enter__()
    h.sign_in()
    sentences = english_sentences(locale)
    for path in PAGES:
        page = h.client.get(path)
        assert page.status_code == 200, path
        assert f'<html lang="{locale}"' in page.text, path
        shown = html.unescape(page.text)
        leaked = sorted(key for key, text in sentences.items() if text in shown)
        assert leaked == [], path
