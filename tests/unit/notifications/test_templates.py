"""Every template in every locale renders completely from a real event; no send-time surprises."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import get_args
from uuid import uuid4

import pytest

from services.notifications.application.occasions import TEMPLATES, occasion_for
from services.notifications.application.recipients import Recipient, compose_facts
from services.notifications.domain.model import (
    SUPPORTED_LOCALES,
    Audience,
    Channel,
    DeliveryRecord,
    Occasion,
    Preferences,
    Priority,
    SourceRef,
    Status,
)
from services.notifications.domain.rendering import (
    TEXTS,
    EntryList,
    Fact,
    Moment,
    choose_locale,
    format_fact,
    placeholders,
    render,
    texts_for,
)
from shared.events import (
    PairAtRisk,
    PairEnded,
    SessionCancelled,
    SessionRescheduled,
    SessionSeriesUnschedulable,
)
from tests.unit.notifications.samples import (
    ADMIN,
    JUNIOR,
    JUNIOR_NAME,
    REASONS,
    SENIOR,
    SENIOR_NAME,
    contact,
    notified_events,
    program_profile,
)

EVENTS = notified_events()
APP_URL = "https://twoway.example.com"
LAYOUT_KEYS = {"recipient_name", "program_name", "settings_url"}


def record_for(template: str, recipient_id: str, audience: Audience) -> DeliveryRecord:
    now = datetime(2026, 3, 3, 10, tzinfo=UTC)
    return DeliveryRecord(
        delivery_id="d-1",
        cause_event_id=uuid4(),
        event_type="x",
        program_id="emea-2026",
        correlation_id=uuid4(),
        occurred_at=now,
        recipient_id=recipient_id,
        audience=audience,
        channel=Channel.EMAIL if audience is not Audience.PROGRAM_CHANNEL else Channel.CHAT,
        template=template,
        priority=Priority.NORMAL,
        status=Status.SENDING,
        not_before=now,
        created_at=now,
        source=SourceRef("t"),
    )


def audiences(occasion: Occasion) -> list[tuple[str, Audience]]:
    found = [(pid, Audience.PARTICIPANT) for pid in occasion.participants]
    if occasion.to_admins:
        found.append((ADMIN, Audience.ADMIN))
    if occasion.to_program_channel:
        found.append(("channel:emea-2026", Audience.PROGRAM_CHANNEL))
    return found


def facts_for(template: str, recipient_id: str, audience: Audience, locale: str):
    occasion = occasion_for(EVENTS[template])
    assert occasion is not None
    person = None if audience is Audience.PROGRAM_CHANNEL else contact(recipient_id)
    recipient = Recipient(
        contact=person,
        erased=False,
        preferences=Preferences(),
        locale=locale,
        timezone="Europe/Berlin",
        address="x",
        mention="@ada " if audience is Audience.PARTICIPANT else "",
    )
    names = {JUNIOR: JUNIOR_NAME, SENIOR: SENIOR_NAME}
    record = record_for(template, recipient_id, audience)
    return occasion, compose_facts(
        record, occasion, recipient, program_profile(), names, app_url=APP_URL
    )


CASES = [
    (template, recipient_id, audience, locale)
    for template in TEMPLATES
    for recipient_id, audience in audiences(occasion_for(EVENTS[template]))  # type: ignore[arg-type]
    for locale in SUPPORTED_LOCALES
]


def test_every_template_has_a_sample_event_and_is_reachable() -> None:
    assert set(EVENTS) == set(TEMPLATES)
    for template, event in EVENTS.items():
        occasion = occasion_for(event)
        assert occasion is not None
        assert occasion.template == template


@pytest.mark.parametrize(("template", "recipient_id", "audience", "locale"), CASES)
def test_template_renders_completely_in_every_locale(
    template: str, recipient_id: str, audience: Audience, locale: str
) -> None:
    _occasion, facts = facts_for(template, recipient_id, audience, locale)
    message = TEXTS[locale].templates[template]
    personal = audience is not Audience.PROGRAM_CHANNEL
    used = placeholders(message.chat)
    if personal:
        used |= placeholders(message.subject) | placeholders(message.body) | LAYOUT_KEYS
        used |= placeholders(message.footer or "")
    assert used - set(facts) == set(), "placeholders without a fact"
    rendered = render(template, locale, facts, timezone="Europe/Berlin", personal=personal)
    for text in (rendered.subject, rendered.body, rendered.chat):
        assert text.strip()
        assert "$" not in text
        assert "{" not in text
        assert "}" not in text
    assert "\n" not in rendered.subject
    assert "\r" not in rendered.subject
    if personal:
        assert "Two Way EMEA" in rendered.body
        assert f"{APP_URL}/me/preferences" in rendered.body


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_introduction_names_the_partner_and_every_reason(locale: str) -> None:
    _occasion, facts = facts_for("pair_introduction", SENIOR, Audience.PARTICIPANT, locale)
    rendered = render("pair_introduction", locale, facts, timezone="UTC", personal=True)
    assert JUNIOR_NAME in rendered.subject
    for reason in REASONS:
        assert reason in rendered.body


@pytest.mark.parametrize("template", ["pair_at_risk", "series_unschedulable", "pair_recovered"])
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_shared_chat_channel_never_sees_names(template: str, locale: str) -> None:
    _occasion, facts = facts_for(template, "channel:emea-2026", Audience.PROGRAM_CHANNEL, locale)
    rendered = render(template, locale, facts, timezone="UTC", personal=False)
    assert JUNIOR_NAME not in rendered.chat
    assert SENIOR_NAME not in rendered.chat
    assert "pair-1" in rendered.chat


def test_admins_see_both_names_in_at_risk_email() -> None:
    _occasion, facts = facts_for("pair_at_risk", ADMIN, Audience.ADMIN, "en")
    rendered = render("pair_at_risk", "en", facts, timezone="UTC", personal=True)
    assert JUNIOR_NAME in rendered.body
    assert SENIOR_NAME in rendered.body
    assert "low session ratings, missed sessions" in rendered.body
    assert "30%" in rendered.body


def test_session_times_are_shown_in_the_recipients_zone_and_language() -> None:
    _occasion, facts = facts_for("session_rescheduled", JUNIOR, Audience.PARTICIPANT, "de")
    rendered = render("session_rescheduled", "de", facts, timezone="Europe/Berlin", personal=True)
    assert "Mittwoch, 11. März 2026, 10:00 Uhr" in rendered.subject  # 09:00 UTC in Berlin
    tokyo = render("session_rescheduled", "ja", facts, timezone="Asia/Tokyo", personal=True)
    assert "2026年3月11日(水) 18:00" in tokyo.subject


def test_unknown_partner_falls_back_to_their_role_never_to_your_partner() -> None:
    occasion, _facts = facts_for("pair_introduction", JUNIOR, Audience.PARTICIPANT, "fr")
    recipient = Recipient(contact(JUNIOR), False, Preferences(), "fr", "UTC", "x")
    facts = compose_facts(
        record_for("pair_introduction", JUNIOR, Audience.PARTICIPANT),
        occasion,
        recipient,
        None,
        {},
        app_url=APP_URL,
    )
    rendered = render("pair_introduction", "fr", facts, timezone="UTC", personal=True)
    assert "votre mentoré" in rendered.body  # the junior's partner is the reverse mentee
    assert "Twoway" in rendered.body


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("role", ("junior", "senior")),
        ("end_reason", get_args(PairEnded.model_fields["reason"].annotation)),
        ("cancel_reason", get_args(SessionCancelled.model_fields["reason"].annotation)),
        ("reschedule_reason", get_args(SessionRescheduled.model_fields["reason"].annotation)),
        ("risk_reason", get_args(get_args(PairAtRisk.model_fields["reasons"].annotation)[0])),
        (
            "unschedulable_reason",
            get_args(SessionSeriesUnschedulable.model_fields["reason"].annotation),
        ),
    ],
)
def test_every_code_an_event_can_carry_has_a_label_in_every_locale(
    group: str, codes: tuple[str, ...]
) -> None:
    assert codes
    for locale in SUPPORTED_LOCALES:
        assert set(codes) <= set(TEXTS[locale].labels[group]), (locale, group)


def test_every_locale_has_every_template_and_label_group() -> None:
    english = TEXTS["en"]
    for locale in SUPPORTED_LOCALES:
        text = TEXTS[locale]
        assert set(text.templates) == set(english.templates) == {*TEMPLATES, "digest", "redacted"}
        for group, labels in english.labels.items():
            assert set(text.labels[group]) == set(labels), (locale, group)


@pytest.mark.parametrize(
    ("preferred", "languages", "program_locales", "expected"),
    [
        ("ja", ["en"], ["en"], "ja"),
        (None, ["fr", "en"], ["de", "fr"], "fr"),
        (None, ["pt-BR"], ["es", "en"], "es"),
        (None, ["en"], [], "en"),
        ("pt", ["de-AT"], ["en", "de"], "de"),
    ],
)
def test_locale_falls_back_to_a_program_locale_the_person_speaks_then_the_default(
    preferred: str | None, languages: list[str], program_locales: list[str], expected: str
) -> None:
    assert choose_locale(preferred, languages, program_locales) == expected


def test_missing_facts_and_unknown_templates_never_raise() -> None:
    for locale in SUPPORTED_LOCALES:
        rendered = render("pair_at_risk", locale, {}, timezone="Not/AZone", personal=True)
        assert rendered.subject
        assert "$" not in rendered.body
    assert render("no_such_template", "xx", {}, timezone=None, personal=False).subject
    assert texts_for("xx").locale == "en"
    assert format_fact(Moment(datetime(2026, 1, 1, tzinfo=UTC)), TEXTS["es"], None) == (
        "jueves, 1 de enero de 2026, 00:00"
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_digest_lists_entries_and_points_to_the_inbox_for_the_rest(locale: str) -> None:
    facts: dict[str, Fact] = {
        "program_name": "Two Way",
        "recipient_name": JUNIOR_NAME,
        "count": 53,
        "entries": EntryList(("First subject", "Second subject"), extra=51),
        "settings_url": APP_URL,
        "mention": "",
    }
    rendered = render("digest", locale, facts, timezone="UTC", personal=True)
    assert "53" in rendered.subject
    assert "First subject" in rendered.body
    assert "Second subject" in rendered.body
    assert "51" in rendered.body
