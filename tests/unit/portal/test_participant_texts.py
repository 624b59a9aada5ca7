"""The participant pages' texts: every locale has every sentence, with the same placeholders."""

from __future__ import annotations

import string
from datetime import date

import pytest

from services.portal.domain.texts.participant import TEXTS, format_date


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", ["de", "fr", "es", "ja"])
def test_every_locale_has_every_english_sentence_with_its_placeholders(locale: str) -> None:
    english = TEXTS["en"]
    assert set(TEXTS[locale]) == set(english)
    for key, text in english.items():
        assert placeholders(TEXTS[locale][key]) == placeholders(text), key


def test_every_form_error_code_has_a_sentence() -> None:
    codes = {
        "skill_name_invalid", "skill_repeated", "too_many_skills", "level_invalid",
        "priority_invalid", "languages_required", "language_invalid", "too_many_languages",
        "timezone_unknown", "availability_invalid", "availability_too_fragmented",
        "capacity_invalid", "locale_invalid", "rating_required", "rating_invalid",
        "topic_unknown", "too_many_topics", "choice_required", "note_too_long", "skill_unknown",
        "assessment_empty", "clock_invalid",
    }  # fmt: skip
    assert {f"me.error.{code}" for code in codes} <= set(TEXTS["en"])


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en", "Tue 5 Jan 2027"),
        ("de", "Di, 5. Jan. 2027"),
        ("fr", "mar. 5 janv. 2027"),
        ("es", "mar, 5 ene 2027"),
        ("ja", "2027年1月5日（火）"),  # noqa: RUF001
        ("xx", "Tue 5 Jan 2027"),
    ],
)
def test_dates_read_as_each_locale_writes_them(locale: str, shown: str) -> None:
    assert format_date(date(2027, 1, 5), locale) == shown
