"""A claim is a lease in real time: moving the service's clock forward (the admin clock of
the local stack and the benchmarks) takes back no send in flight, and a sender that died is
still recovered once its claim is old in real time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.notifications.domain.model import DeliveryRecord, Status
from shared.clock import FixedClock
from shared.events import NotificationFailed
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, NOW, SENIOR, notified_events


@pytest.fixture
async def harness() -> Harness:
    h = Harness(lease_clock=FixedClock(NOW))
    await h.setup_program()
    return h


def lease_clock(harness: Harness) -> FixedClock:
    assert harness.lease_clock is not None
    return harness.lease_clock


async def test_claims_are_stamped_in_real_time_not_on_the_service_clock(
    harness: Harness,
) -> None:
    harness.clock.advance(timedelta(days=3))
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.dispatcher.run_due()
    claimed = [r.claimed_at for r in harness.deliveries.records.values()]
    assert claimed
    assert set(claimed) == {NOW}


async def test_a_clock_moved_forward_takes_back_no_send_in_flight(harness: Harness) -> None:
    handed: list[DeliveryRecord] = []
    await harness.intake_with(handed.extend).handle(notified_events()["series_invitation"], SOURCE)
    assert handed
    assert {r.status for r in handed} == {Status.SENDING}

    harness.clock.advance(timedelta(hours=8))  # an operator moves program time on
    assert await harness.dispatcher.recover_stuck() == 0
    await harness.dispatcher.run_claimed(handed)

    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENT}
    assert not [r for r in harness.deliveries.records.values() if r.resumed]
    assert harness.audit(NotificationFailed) == []


async def test_a_sender_that_died_is_recovered_once_its_claim_is_old_in_real_time(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    await harness.intake_with(handed.extend).handle(notified_events()["series_invitation"], SOURCE)
    # The process dies before sending: `handed` is lost with it.
    harness.clock.advance(timedelta(hours=8))
    assert await harness.dispatcher.recover_stuck() == 0
    assert harness.email.sent == []

    lease_clock(harness).advance(timedelta(minutes=6))  # past the five-minute claim timeout
    assert await harness.dispatcher.recover_stuck() == len(handed)
    await harness.dispatcher.run_due()

    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENT}


async def test_a_claim_held_in_memory_for_long_in_real_time_is_renewed_before_sending(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    await harness.intake_with(handed.extend).handle(notified_events()["series_invitation"], SOURCE)
    lease_clock(harness).advance(timedelta(minutes=3))  # a backlog: past half the timeout
    await harness.dispatcher.run_claimed(handed)

    assert len(harness.email.sent) == 2
    renewed = {r.claimed_at for r in harness.deliveries.records.values()}
    assert renewed == {NOW + timedelta(minutes=3)}
