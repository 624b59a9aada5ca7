"""Exactly once per person, transient failures retried with backoff up to a bound,
permanent ones reported and dead-lettered once."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.model import DeliveryError, Status
from shared.events import NotificationFailed, NotificationSent
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import NOW, notified_events


async def test_same_event_twice_gives_one_email_per_person(harness: Harness) -> None:
    event = notified_events()["series_invitation"]
    assert await harness.intake.handle(event, SOURCE) == 4
    await harness.dispatcher.run_due()
    assert await harness.intake.handle(event, SOURCE) == 0
    await harness.dispatcher.run_due()
    assert len(harness.email.sent) == 2
    assert all(
        e.attachment is not None and e.attachment.method == "REQUEST" for e in harness.email.sent
    )


async def test_transient_failures_are_retried_with_backoff_until_accepted(harness: Harness) -> None:
    harness.email.failures = [
        DeliveryError("SMTP451", transient=True),
        DeliveryError("SMTP421", transient=True),
    ]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.dispatcher.run_due()
    assert harness.email.sent == []
    assert harness.metrics.retries == 1
    retry = harness.deliveries.with_status(Status.RETRY)[0]
    assert timedelta(seconds=5) <= retry.not_before - NOW <= timedelta(seconds=10)
    await harness.run_for(timedelta(minutes=5), step=timedelta(seconds=5))
    assert len(harness.email.sent) == 1
    assert harness.email.attempts == 3
    email_sent = [e for e in harness.audit(NotificationSent) if e.channel == "email"]
    assert [e.attempts for e in email_sent] == [3]
    assert harness.dead_letters.entries == []


async def test_permanent_failure_is_reported_and_dead_lettered_once(harness: Harness) -> None:
    harness.email.failures = [DeliveryError("SMTP550", transient=False)]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.run_for(timedelta(minutes=10))
    failed = harness.audit(NotificationFailed)
    assert len(failed) == 1
    assert failed[0].permanent
    assert failed[0].error_type == "SMTP550"
    assert harness.email.attempts == 1
    assert [(error, permanent) for _id, error, permanent in harness.dead_letters.entries] == [
        ("SMTP550", True)
    ]
    assert len(harness.inbox.items) == 1  # other channels are unaffected


async def test_retries_are_bounded(harness: Harness) -> None:
    harness.email.failures = [DeliveryError("SMTP451", transient=True)] * 10
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.run_for(timedelta(hours=1))
    assert harness.email.attempts == 4
    failed = harness.audit(NotificationFailed)
    assert len(failed) == 1
    assert not failed[0].permanent
    assert failed[0].attempts == 4
    assert harness.dead_letters.entries[0][2] is False
