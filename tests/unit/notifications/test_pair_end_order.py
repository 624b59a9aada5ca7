"""A pair's end may reach this service before its creation or its series (a late or replayed
message): people never hear "meet your partner" after "your pair has ended"."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.model import Status
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, notified_events


async def started() -> Harness:
    harness = Harness()
    await harness.setup_program()
    return harness


def templates_emailed(harness: Harness) -> list[str]:
    return [email.headers["X-Twoway-Template"] for email in harness.email.sent]


async def test_a_creation_arriving_after_the_end_is_dropped_and_counted() -> None:
    harness = await started()
    events = notified_events()
    await harness.intake.handle(events["pair_ended"], SOURCE)

    created = await harness.intake.handle(events["pair_introduction"], SOURCE)
    planned = await harness.intake.handle(events["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=15))

    assert (created, planned) == (0, 0)
    assert templates_emailed(harness) == ["pair_ended", "pair_ended"]
    assert {i.template for i in harness.inbox.items.values()} == {"pair_ended"}
    assert harness.metrics.dropped_after_end == ["PairCreated", "SessionSeriesPlanned"]


async def test_an_introduction_still_waiting_when_the_pair_ends_is_not_sent() -> None:
    harness = await started()
    events = notified_events()
    await harness.intake.handle(events["pair_introduction"], SOURCE)  # waits for its series

    await harness.intake.handle(events["pair_ended"], SOURCE)
    await harness.run_for(timedelta(minutes=15))

    assert templates_emailed(harness) == ["pair_ended", "pair_ended"]
    skipped = [f for f in harness.metrics.finished_with if f[:2] == ("email", "pair_introduction")]
    assert skipped == [("email", "pair_introduction", Status.SKIPPED.value, "pair_ended")] * 2


async def test_the_usual_order_still_introduces_and_then_ends() -> None:
    harness = await started()
    events = notified_events()
    await harness.intake.handle(events["pair_introduction"], SOURCE)
    await harness.run_for(timedelta(minutes=11))  # sent alone: no series came

    await harness.intake.handle(events["pair_ended"], SOURCE)
    await harness.run_for(timedelta(minutes=11))

    assert templates_emailed(harness) == ["pair_introduction"] * 2 + ["pair_ended"] * 2
    assert harness.metrics.dropped_after_end == []
    assert {e.to_address.split("@")[0] for e in harness.email.sent} == {JUNIOR, SENIOR}
