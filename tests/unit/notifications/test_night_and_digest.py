"""Emails wait for the recipient's morning, and low-priority ones gather into one daily
digest for those who asked for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.notifications.domain.model import Channel, Preferences, Status
from shared.clock import FixedClock
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, envelope, notified_events


async def test_night_time_email_waits_for_the_recipients_morning(harness: Harness) -> None:
    harness.clock = night = FixedClock(datetime(2026, 3, 3, 22, 0, tzinfo=UTC))  # 23:00 Berlin
    h = Harness(clock=night)
    await h.setup_program()
    event = notified_events()["series_invitation"].model_copy(update={"occurred_at": night.now()})
    await h.intake.handle(event, SOURCE)
    await h.dispatcher.run_due()
    assert h.email.sent == []
    assert len(h.inbox.items) == 2
    deferred = h.deliveries.with_status(Status.DEFERRED)
    assert {d.not_before for d in deferred} == {datetime(2026, 3, 4, 7, 0, tzinfo=UTC)}
    await h.dispatcher.report_queue()
    assert h.metrics.queue[("email", "deferred")] == 2
    await h.run_for(timedelta(hours=9), step=timedelta(minutes=30))
    assert len(h.email.sent) == 2


async def test_digest_groups_low_priority_messages_into_one_morning_email(harness: Harness) -> None:
    await harness.preferences.put(JUNIOR, Preferences(daily_digest=True))
    events = notified_events()
    first = events["feedback_requested"]
    second = first.model_copy(update={"event_id": envelope()["event_id"], "request_id": "r-2"})
    missed = events["session_missed"]
    for event in (first, second, missed):
        await harness.intake.handle(event, SOURCE)
    await harness.dispatcher.run_due()
    # the senior has no digest: their "missed session" email goes out at once
    assert [e.to_address for e in harness.email.sent] == [f"{SENIOR}@example.com"]
    assert len(harness.deliveries.with_status(Status.HELD)) == 3
    await harness.run_for(timedelta(hours=24), step=timedelta(minutes=30))
    digests = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert len(digests) == 1
    assert "3" in digests[0].subject
    assert digests[0].body.count("\n- ") == 3
    assert all(
        r.status is Status.SENT
        for r in harness.deliveries.records.values()
        if r.recipient_id == JUNIOR and r.channel is Channel.EMAIL
    )
