"""A process that dies mid-send: its claims are taken back after the timeout, a send is
repeated at most once, and never at once from memory."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.model import Channel, DeliveryRecord, Status
from shared.events import NotificationFailed, NotificationSent
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, notified_events


async def test_send_interrupted_by_a_crash_is_retried_once_then_given_up(harness: Harness) -> None:
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    now = harness.clock.now()
    await harness.deliveries.claim(email_id, now, leased_at=now)  # then the process dies
    harness.clock.advance(timedelta(minutes=6))
    assert await harness.dispatcher.recover_stuck() == 1
    assert harness.deliveries.records[email_id].status is Status.RETRY
    now = harness.clock.now()
    await harness.deliveries.claim(email_id, now, leased_at=now)  # and dies again
    harness.clock.advance(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()
    record = harness.deliveries.records[email_id]
    assert record.status is Status.FAILED
    assert [e.error_type for e in harness.audit(NotificationFailed)] == ["unconfirmed_send"]
    assert harness.email.sent == []


async def test_outcome_not_recorded_after_a_send_is_not_resent_at_once(harness: Harness) -> None:
    original_finish = harness.deliveries.finish
    calls = 0

    async def flaky_finish(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("write failed after the send")
        await original_finish(*args, **kwargs)  # type: ignore[arg-type]

    harness.deliveries.finish = flaky_finish  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    await harness.dispatcher.process(email_id)
    await harness.run_for(timedelta(minutes=2))
    assert len(harness.email.sent) == 1
    assert harness.deliveries.records[email_id].status is Status.SENDING


async def test_a_handful_sent_but_not_recorded_is_not_resent_at_once(harness: Harness) -> None:
    async def write_fails(*args: object, **kwargs: object) -> set[str]:
        raise RuntimeError("write failed after the sends")

    harness.deliveries.finish_many = write_fails  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=2))
    assert len(harness.email.sent) == 2
    # Left SENDING for crash recovery (at most one retry), not claimed and sent again now.
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENDING}


async def test_deliveries_handed_over_to_a_process_that_died_go_out_after_the_claim_timeout(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    await harness.intake_with(handed.extend).handle(notified_events()["series_invitation"], SOURCE)
    # The process dies before sending: `handed` is lost with it.
    await harness.run_for(timedelta(minutes=4))
    await harness.dispatcher.recover_stuck()
    assert harness.email.sent == []
    await harness.run_for(timedelta(minutes=3))
    await harness.dispatcher.recover_stuck()
    await harness.run_for(timedelta(minutes=1))
    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENT}


async def test_a_send_repeated_after_a_crash_is_a_second_audit_event(harness: Harness) -> None:
    original_finish_many = harness.deliveries.finish_many
    crashed = False

    async def crash_once_after_publishing(*args: object, **kwargs: object) -> set[str]:
        nonlocal crashed
        if not crashed:
            crashed = True
            raise RuntimeError("process died after publishing, before recording")
        return await original_finish_many(*args, **kwargs)  # type: ignore[arg-type]

    harness.deliveries.finish_many = crash_once_after_publishing  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    await harness.dispatcher.run_due()
    await harness.run_for(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()
    await harness.run_for(timedelta(minutes=1))
    sent = [e for e in harness.audit(NotificationSent) if e.delivery_id == email_id]
    assert len(harness.email.sent) == 2  # the one duplicate the design allows
    assert [e.attempts for e in sent] == [1, 2]
    assert len({e.event_id for e in sent}) == 2  # never one id with two contents


async def test_a_claim_held_in_memory_too_long_is_renewed_or_left_to_recovery(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    intake = harness.intake_with(handed.extend)
    await intake.handle(notified_events()["series_invitation"], SOURCE)
    harness.clock.advance(timedelta(minutes=3))  # a backlog
    await harness.dispatcher.run_claimed(handed)  # still this claim: renewed and sent
    assert len(harness.email.sent) == 2

    handed.clear()
    await intake.handle(notified_events()["series_invitation"], SOURCE)
    harness.clock.advance(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()  # recovery took these back meanwhile
    await harness.dispatcher.run_claimed(handed)  # so nothing is sent from memory
    assert len(harness.email.sent) == 2
    await harness.run_for(timedelta(minutes=1))
    assert len(harness.email.sent) == 4  # sent once, from recovery
