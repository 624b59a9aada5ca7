"""Texts of the participant pages (/me/...); keys start with `me.`.

One module per locale holds the sentences; this one adds the names of days and months and the
date patterns, so a session's date reads naturally in each of the five locales.
"""

from __future__ import annotations

from datetime import date

from services.portal.domain.texts.participant_de import DE
from services.portal.domain.texts.participant_en import EN
from services.portal.domain.texts.participant_es import ES
from services.portal.domain.texts.participant_fr import FR
from services.portal.domain.texts.participant_ja import JA

_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
}
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": (
        "Jan.",
        "Feb.",
        "März",
        "Apr.",
        "Mai",
        "Juni",
        "Juli",
        "Aug.",
        "Sep.",
        "Okt.",
        "Nov.",
        "Dez.",
    ),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
    "ja": tuple(str(n) for n in range(1, 13)),
}
_DATE_PATTERNS: dict[str, str] = {
    "en": "{weekday} {day} {month} {year}",
    "de": "{weekday}, {day}. {month} {year}",
    "fr": "{weekday} {day} {month} {year}",
    "es": "{weekday}, {day} {month} {year}",
    "ja": "{year}年{month}月{day}日（{weekday}）",  # noqa: RUF001 - Japanese parentheses
}


def _day_names(locale: str) -> dict[str, str]:
    codes = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {f"me.day.{code}": name for code, name in zip(codes, _WEEKDAYS[locale], strict=True)}


TEXTS: dict[str, dict[str, str]] = {
    locale: {**sentences, **_day_names(locale)}
    for locale, sentences in (("en", EN), ("de", DE), ("fr", FR), ("es", ES), ("ja", JA))
}


def format_date(day: date, locale: str) -> str:
    """A date as people of `locale` write it: "Tue 5 Jan 2027", "Di, 5. Jan. 2027"..."""
    locale = locale if locale in _DATE_PATTERNS else "en"
    return _DATE_PATTERNS[locale].format(
        weekday=_WEEKDAYS[locale][day.weekday()],
        day=day.day,
        month=_MONTHS[locale][day.month - 1],
        year=day.year,
    )
