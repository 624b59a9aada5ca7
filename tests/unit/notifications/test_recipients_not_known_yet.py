"""A message for someone whose join (or program) has not arrived yet waits for it, and is
dead-lettered only when they never come."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.notifications.application.intake import ProgramNotKnownYet
from services.notifications.application.mapping import program_profile
from shared.events import ParticipantJoined, ProgramLaunched
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import (
    JUNIOR,
    SENIOR,
    SETTINGS,
    contact,
    envelope,
    notified_events,
    profile,
)


async def test_a_recipient_whose_join_is_still_queued_is_waited_for_not_dead_lettered(
    harness: Harness,
) -> None:
    harness.contacts.contacts.pop(JUNIOR)  # a burst: the junior's join is minutes behind
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=3), step=timedelta(seconds=10))
    assert harness.email.sent == []  # the senior's names the junior: it waits too
    assert harness.dead_letters.entries == []  # four retries would have given up by now

    await harness.contacts.save(contact(JUNIOR), 1)
    await harness.run_for(timedelta(minutes=1), step=timedelta(seconds=10))
    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]


async def test_a_recipient_never_known_is_dead_lettered_after_the_wait(harness: Harness) -> None:
    harness.contacts.contacts.pop(JUNIOR)
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=20), step=timedelta(seconds=30))
    assert len(harness.dead_letters.entries) == 1


async def test_a_message_naming_an_unknown_partner_waits_then_names_their_role(
    harness: Harness,
) -> None:
    harness.contacts.contacts.pop(SENIOR)  # the senior's join is still on its way
    await harness.intake.handle(notified_events()["session_reminder"], SOURCE)
    await harness.dispatcher.run_due()
    assert harness.email.sent == []  # waiting for the partner's name

    await harness.run_for(timedelta(minutes=11))

    (email,) = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert "your partner" not in (email.subject + email.body).lower()
    assert "your reverse mentee" in email.subject
    assert harness.metrics.name_fallbacks == ["session_reminder"] * 2  # the email and the inbox


async def test_unknown_recipient_is_retried_until_their_profile_arrives() -> None:
    h = Harness()
    await h.programs.save(program_profile(ProgramLaunched(**envelope(), settings=SETTINGS)))
    await h.intake.handle(notified_events()["feedback_requested"], SOURCE)
    await h.dispatcher.run_due()
    assert h.email.sent == []
    assert len(h.inbox.items) == 1
    await h.intake.handle(ParticipantJoined(**envelope(), participant=profile()), SOURCE)
    await h.run_for(timedelta(minutes=2), step=timedelta(seconds=15))
    subjects = sorted(e.subject for e in h.email.sent)
    assert len(subjects) == 2
    assert any("Welcome" in s for s in subjects)


async def test_admin_alert_before_the_program_is_known_is_retried_by_the_consumer() -> None:
    h = Harness()
    with pytest.raises(ProgramNotKnownYet):
        await h.intake.handle(notified_events()["pair_at_risk"], SOURCE)
