"""The admin console's and the common texts: every locale has every English text, with the
same placeholders, so no admin page falls back to English."""

from __future__ import annotations

import string

import pytest

from services.portal.domain.texts import admin, common, missing_keys, translate

LOCALES = ["de", "fr", "es", "ja"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("area", [admin.TEXTS, common.TEXTS], ids=["admin", "common"])
@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_every_english_text_with_its_placeholders(
    area: dict[str, dict[str, str]], locale: str
) -> None:
    english = area["en"]
    assert set(area[locale]) == set(english)
    for key, text in english.items():
        assert area[locale][key].strip(), key
        assert placeholders(area[locale][key]) == placeholders(text), key


@pytest.mark.parametrize("locale", LOCALES)
def test_no_admin_or_common_key_falls_back_to_english(locale: str) -> None:
    keys = set(admin.TEXTS["en"]) | set(common.TEXTS["en"])
    assert not keys & missing_keys(locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_sentences_are_translated_not_copied(locale: str) -> None:
    copied = [
        key
        for key, text in admin.TEXTS["en"].items()
        if len(text) > 20 and admin.TEXTS[locale][key] == text
    ]
    assert copied == []


@pytest.mark.parametrize(
    ("locale", "pattern"),
    [
        ("de", "{junior} mit {senior} freigeben"),
        ("fr", "Approuver {junior} avec {senior}"),
        ("es", "Aprobar a {junior} con {senior}"),
        ("ja", "{junior} と {senior} のペアを承認"),
    ],
)
def test_placeholders_are_filled_in_each_locale(locale: str, pattern: str) -> None:
    shown = translate(locale, "admin.round.include_pair", junior="p-junior-1", senior="p-senior-1")
    assert shown == pattern.format(junior="p-junior-1", senior="p-senior-1")
