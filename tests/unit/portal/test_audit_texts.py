"""The audit and enrolment pages' texts: complete in every locale, and every action the
services record has a readable label."""

from __future__ import annotations

import string

import pytest

from services.portal.domain.model import AUDIT_SOURCES
from services.portal.domain.texts import audit, enrolment, translate

LOCALES = ["de", "fr", "es", "ja"]
RECORDED_ACTIONS = [
    # matching
    "program.launched",
    "program.changed",
    "participant.joined",
    "participants.imported",
    "participants.enrolled",
    "participant.updated",
    "participant.withdrawn",
    "participant.erased",
    "round.run",
    "round.approved",
    "pair.ended",
    # scheduling
    "session.rescheduled",
    "session.cancelled",
    "session.completed",
    "series.cancelled",
    # notifications
    "admin_contact.added",
    "admin_contact.changed",
    "admin_contact.removed",
    # the directory
    "person.provisioned",
    "person.replaced",
    "person.patched",
    "person.deleted",
]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("area", [audit.TEXTS, enrolment.TEXTS], ids=["audit", "enrolment"])
@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_every_english_text_with_its_placeholders(
    area: dict[str, dict[str, str]], locale: str
) -> None:
    assert set(area[locale]) == set(area["en"])
    for key, text in area["en"].items():
        assert area[locale][key].strip(), key
        assert placeholders(area[locale][key]) == placeholders(text), key


@pytest.mark.parametrize("locale", ["en", *LOCALES])
def test_every_recorded_action_and_every_part_has_a_label(locale: str) -> None:
    for key in [f"audit.action.{a}" for a in RECORDED_ACTIONS] + [
        f"audit.source.{s}" for s in (*AUDIT_SOURCES, "directory")
    ]:
        assert translate(locale, key) != key, key


def test_a_missing_part_is_named_in_the_sentence() -> None:
    part = translate("de", "audit.source.scheduling")
    assert translate("de", "audit.part_missing", part=part).startswith(
        "Einträge aus dem Bereich Termine fehlen"
    )
