"""What programs get of what a provider said, in plain values: which name, which address,
which language and which time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

from services.directory.application.mapping import (
    ProvidedEmail,
    ProvidedPerson,
    draft_from,
    event_for,
)
from services.directory.domain.model import Person
from shared.events import PersonDeactivated, PersonProvisioned

PROVIDED = ProvidedPerson(
    user_name="kenji@corp.example",
    attributes={"userName": "kenji@corp.example"},
    external_id=None,
    names=(None, "  ", "Kenji Sato"),
    emails=(
        ProvidedEmail(address="kenji@home.example", kind="home", primary=True),
        ProvidedEmail(address="not-an-address", kind="work", primary=True),
        ProvidedEmail(address="kenji@corp.example", kind="work", primary=False),
    ),
    active=None,
    languages=("", "ja_JP"),
    timezone="Mars/Olympus",
)


def test_the_first_usable_name_and_the_deliverable_work_address_are_chosen() -> None:
    draft = draft_from(PROVIDED)
    assert draft.display_name == "Kenji Sato"
    assert draft.work_email == "kenji@corp.example"
    assert draft.work_emails == ("not-an-address", "kenji@corp.example")
    assert draft.active  # an absent flag means active


def test_the_locale_stands_in_as_a_language_tag_and_an_unknown_zone_is_left_out() -> None:
    draft = draft_from(PROVIDED)
    assert (draft.language, draft.timezone) == ("ja-JP", None)
    assert draft_from(replace(PROVIDED, timezone=" Asia/Tokyo ")).timezone == "Asia/Tokyo"


def test_a_deactivation_event_carries_no_personal_data_and_the_same_version_the_same_id() -> None:
    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    person = Person("p-1", "entra", draft_from(PROVIDED), 2, at, at)
    correlation = UUID("00000000-0000-4000-8000-0000000000d1")
    provisioned = event_for(person, PersonProvisioned, correlation)
    gone = event_for(person, PersonDeactivated, correlation, deleted=True)
    assert isinstance(provisioned, PersonProvisioned)
    assert provisioned.email == "kenji@corp.example"
    assert "email" not in gone.model_dump()
    assert event_for(person, PersonProvisioned, correlation).event_id == provisioned.event_id
