"""Chat: an opted-in person is mentioned in the program channel; a rejected post fails
only that post."""

from __future__ import annotations

from dataclasses import replace

from services.notifications.domain.model import DeliveryError, Preferences
from shared.events import NotificationFailed
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, SETTINGS, contact, notified_events


async def test_webhook_rejection_fails_the_channel_post_and_the_next_alert_goes_out(
    harness: Harness,
) -> None:
    harness.chat.failures = [DeliveryError("HTTP400", transient=False)]
    events = notified_events()
    await harness.intake.handle(events["pair_at_risk"], SOURCE)
    await harness.dispatcher.run_due()
    await harness.intake.handle(events["series_unschedulable"], SOURCE)
    await harness.dispatcher.run_due()
    failed = harness.audit(NotificationFailed)
    assert [(e.channel, e.template, e.error_type) for e in failed] == [
        ("chat", "pair_at_risk", "HTTP400")
    ]
    assert len(harness.chat.posts) == 1
    assert "pair-1" in harness.chat.posts[0][1]
    assert len(harness.dead_letters.entries) == 1


async def test_chat_opt_in_mentions_the_handle_in_the_program_channel(harness: Harness) -> None:
    await harness.contacts.save(replace(contact(JUNIOR), chat_handle="ada.j"), 2)
    await harness.preferences.put(JUNIOR, Preferences(chat=True))
    await harness.intake.handle(notified_events()["session_reminder"], SOURCE)
    await harness.dispatcher.run_due()
    assert len(harness.chat.posts) == 1
    url, text = harness.chat.posts[0]
    assert url == str(SETTINGS.chat_webhook_url)
    assert text.startswith("@ada.j ")
    assert SENIOR not in text
