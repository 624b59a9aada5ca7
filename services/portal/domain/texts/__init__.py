"""The portal's texts in en, de, fr, es and ja, one catalog per area of the site.

Each area module holds `TEXTS = {locale: {key: text}}`; keys are prefixed by area so two areas
never collide (`nav.`, `error.`, `admin.`, `me.`). A key missing in a locale falls back to
English, and a key missing everywhere shows as itself, so a gap is visible, not fatal.
Texts may hold `{name}` placeholders filled by `translate(..., name=value)`.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.portal.domain.locale import DEFAULT, SUPPORTED
from services.portal.domain.texts import (
    admin,
    audit,
    common,
    enrolment,
    enrolment_rules,
    invitations,
    participant,
)

AREAS: tuple[Mapping[str, Mapping[str, str]], ...] = (
    common.TEXTS,
    admin.TEXTS,
    participant.TEXTS,
    enrolment.TEXTS,
    enrolment_rules.TEXTS,
    invitations.TEXTS,
    audit.TEXTS,
)


def _merge() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {locale: {} for locale in SUPPORTED}
    for area in AREAS:
        for locale, texts in area.items():
            merged.setdefault(locale, {}).update(texts)
    return merged


CATALOG = _merge()


def translate(locale: str, key: str, **params: object) -> str:
    text = CATALOG.get(locale, {}).get(key) or CATALOG[DEFAULT].get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def missing_keys(locale: str) -> set[str]:
    """English keys a locale has no text for (shown in English until translated)."""
    return set(CATALOG[DEFAULT]) - set(CATALOG.get(locale, {}))
