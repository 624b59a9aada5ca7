"""Events in an order the contract allows but nobody hopes for, on the real broker: a pair's
end first, then its creation and its series arriving late. People hear that the pair ended,
and never "meet your partner" after it; the late events are dropped and counted."""

from __future__ import annotations

import re

import pytest

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import (
    JUNIOR,
    SENIOR,
    joined,
    launched,
    pair_created,
    pair_ended,
    series_planned,
)

pytestmark = pytest.mark.integration

DROPPED = re.compile(
    r'^twoway_notifications_dropped_after_pair_end_total\{event_type="(\w+)"\} (\S+)$', re.M
)


async def dropped(stack: Stack) -> dict[str, float]:
    async with stack.client() as client:
        metrics = (await client.get("/metrics")).text
    return {kind: float(value) for kind, value in DROPPED.findall(metrics)}


async def test_a_creation_and_series_after_the_end_are_dropped_not_announced(
    stack: Stack,
) -> None:
    now = stack.clock.now()
    await stack.produce(launched(now), joined(now, JUNIOR), joined(now, SENIOR))
    ended, late_creation, late_series = pair_ended(now), pair_created(now), series_planned(now)

    await stack.produce(ended, late_creation)  # one key, one partition: in this order
    # The series travels on the sessions stream: it is sent once the end is known here.
    await eventually(lambda: stack.db["ended_pairs"].find_one({"_id": "pair-1"}))
    await stack.produce(late_series)

    async def both_late_events_dropped() -> bool:
        counts = await dropped(stack)
        return counts.get("PairCreated", 0) >= 1 and counts.get("SessionSeriesPlanned", 0) >= 1

    await eventually(both_late_events_dropped)  # proof that both were consumed
    for late in (late_creation, late_series):
        count = await stack.db["deliveries"].count_documents({"cause_event_id": str(late.event_id)})
        assert count == 0
    ended_mail = await eventually(lambda: _templates(stack, "pair_ended", at_least=2), timeout=30.0)
    assert sorted(m["To"].addresses[0].addr_spec for m in ended_mail) == [
        f"{JUNIOR}@mail.example",
        f"{SENIOR}@mail.example",
    ]
    announced = {"pair_introduction", "series_invitation"}
    assert [m for m in stack.smtp.messages if m["X-Twoway-Template"] in announced] == []


async def _templates(stack: Stack, template: str, *, at_least: int) -> list:
    found = stack.smtp.with_template(template)
    return found if len(found) >= at_least else []
