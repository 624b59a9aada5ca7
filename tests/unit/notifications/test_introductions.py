"""Introductions and pair ends ride on the series invitation and cancellation: one email
per person, or the message alone once the wait is over."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.model import Channel, DeliveryRecord, Status
from shared.events import NotificationSent
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import (
    JUNIOR,
    JUNIOR_NAME,
    REASONS,
    SENIOR,
    SENIOR_NAME,
    notified_events,
    series_changed,
)


async def test_an_introduction_without_a_planned_series_goes_out_alone_after_the_wait(
    harness: Harness,
) -> None:
    created = await harness.intake.handle(notified_events()["pair_introduction"], SOURCE)
    await harness.dispatcher.run_due()
    assert created == 4
    assert len(harness.inbox.items) == 2  # the app shows it at once
    assert harness.email.sent == []  # the email waits for the series invitation

    await harness.run_for(timedelta(minutes=11))

    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    for email in harness.email.sent:
        assert all(reason in email.body for reason in REASONS)
    sent = harness.audit(NotificationSent)
    assert len(sent) == 4
    assert {e.channel for e in sent} == {"email", "inbox"}
    assert all(e.causation_id == e.cause_event_id for e in sent)


async def test_with_no_wait_set_an_introduction_is_handed_to_the_senders_at_once(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    intake = harness.intake_with(handed.extend, introduction_wait=timedelta(0))
    await intake.handle(notified_events()["pair_introduction"], SOURCE)

    emails = [r for r in handed if r.channel is Channel.EMAIL]
    assert sorted(r.recipient_id for r in emails) == sorted([JUNIOR, SENIOR])
    assert all(r.status is Status.SENDING for r in emails)


async def test_a_planned_series_carries_the_introduction_one_email_per_person(
    harness: Harness,
) -> None:
    events = notified_events()
    await harness.intake.handle(events["pair_introduction"], SOURCE)
    await harness.intake.handle(events["series_invitation"], SOURCE)

    await harness.run_for(timedelta(minutes=15))

    emails = sorted(harness.email.sent, key=lambda e: e.to_address)
    assert [e.to_address for e in emails] == [f"{JUNIOR}@example.com", f"{SENIOR}@example.com"]
    junior, senior = emails
    assert SENIOR_NAME in junior.subject
    assert JUNIOR_NAME in senior.subject
    for email in emails:
        assert all(reason in email.body for reason in REASONS)
        assert "https://app.example/me/programs/emea-2026/pairs/pair-1" in email.body
        assert email.attachment is not None
        assert email.attachment.method == "REQUEST"
        assert "RRULE:FREQ=WEEKLY" in email.attachment.ics
        assert f"mailto:{JUNIOR}@example.com" in email.attachment.ics
        assert f"mailto:{SENIOR}@example.com" in email.attachment.ics.replace("\r\n ", "")
    assert ("email", "pair_introduction", "skipped", "with_series") in (
        harness.metrics.finished_with
    )


async def test_ending_a_pair_is_one_email_per_person_the_series_cancellation(
    harness: Harness,
) -> None:
    events = notified_events()
    await harness.intake.handle(events["pair_ended"], SOURCE)
    await harness.dispatcher.run_due()
    assert {i.template for i in harness.inbox.items.values()} == {"pair_ended"}  # at once
    assert harness.email.sent == []  # waits for the series' cancellation
    await harness.intake.handle(series_changed("ended"), SOURCE)

    await harness.run_for(timedelta(minutes=15))

    emails = sorted(harness.email.sent, key=lambda e: e.to_address)
    assert [e.to_address for e in emails] == [f"{JUNIOR}@example.com", f"{SENIOR}@example.com"]
    for email in emails:
        assert "the pairing has ended" in email.body
        assert email.attachment is not None
        assert email.attachment.method == "CANCEL"
    assert ("email", "pair_ended", "skipped", "with_series") in harness.metrics.finished_with


async def test_a_series_cancelled_for_another_reason_does_not_silence_a_later_pair_end(
    harness: Harness,
) -> None:
    await harness.intake.handle(series_changed("ended", reason="series_cancelled"), SOURCE)
    await harness.intake.handle(notified_events()["pair_ended"], SOURCE)

    await harness.run_for(timedelta(minutes=11))

    templates = sorted(e.headers["X-Twoway-Template"] for e in harness.email.sent)
    assert templates == ["pair_ended", "pair_ended", "series_cancelled", "series_cancelled"]
