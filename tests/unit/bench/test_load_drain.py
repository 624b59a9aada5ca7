"""The fault run's drain lets deliveries that wait on the program clock come due before the
final count, as real time would, and leaves a wait longer than any the services set to the
reconciliation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bench.load.scenario import ScenarioConfig, _drain

START = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


class Clocks:
    """The services' clocks as the drain moves them."""

    def __init__(self) -> None:
        self.moves: list[datetime] = []

    async def set_clocks(self, now: datetime) -> list[str]:
        self.moves.append(now)
        return []


class Driver:
    def __init__(self) -> None:
        self.now = START


class Deliveries:
    """Deliveries waiting on the clock; each one is sent once the clock reaches it."""

    def __init__(self, waiting: list[datetime], in_outboxes: Sequence[datetime] = ()) -> None:
        self.waiting = list(waiting)
        self.in_outboxes = list(in_outboxes)
        """Deliveries made by events a relay has yet to publish: they exist once a settle
        waits for the outboxes."""
        self.final_counts: list[int] = []

    def _sent_up_to(self, now: datetime) -> None:
        self.waiting = [due for due in self.waiting if due > now]

    async def settle(
        self, now: datetime, *, bound: float, final: bool = False, outboxes: bool = False
    ) -> float:
        if final or outboxes:
            self.waiting += self.in_outboxes
            self.in_outboxes = []
        self._sent_up_to(now)
        if final:
            self.final_counts.append(len(self.waiting))
        return 0.0

    async def latest_waiting(self, now: datetime) -> datetime | None:
        later = [due for due in self.waiting if due > now]
        return max(later, default=None)


async def drained(
    waiting: list[datetime], in_outboxes: Sequence[datetime] = ()
) -> tuple[Clocks, Deliveries, Driver]:
    clocks = Clocks()
    deliveries = Deliveries(waiting, in_outboxes)
    driver = Driver()
    await _drain(cast(Any, clocks), cast(Any, driver), cast(Any, deliveries), ScenarioConfig())
    return clocks, deliveries, driver


async def test_an_introduction_held_after_the_last_move_is_sent_before_the_count() -> None:
    # Held for its series ten minutes after the drain's second hour: a stopped clock never
    # reaches it.
    held_until = START + timedelta(hours=2, minutes=10)

    clocks, deliveries, driver = await drained([held_until])

    assert deliveries.final_counts == [0]
    assert driver.now > held_until
    assert clocks.moves[-1] == driver.now


async def test_deliveries_made_by_an_event_a_relay_publishes_late_are_waited_for() -> None:
    # A PairEnded left in matching's outbox reaches notifications after the drain's last hour:
    # its notices wait ten minutes for a contact.
    late_notice = START + timedelta(hours=2, minutes=10)

    _, deliveries, driver = await drained([], in_outboxes=[late_notice])

    assert deliveries.final_counts == [0]
    assert driver.now > late_notice


async def test_with_nothing_waiting_the_clock_moves_two_hours_only() -> None:
    clocks, deliveries, _ = await drained([])

    assert clocks.moves == [START + timedelta(hours=1), START + timedelta(hours=2)]
    assert deliveries.final_counts == [0]


async def test_a_wait_beyond_a_day_is_left_for_the_reconciliation_to_report() -> None:
    _, deliveries, driver = await drained([START + timedelta(days=3)])

    assert driver.now == START + timedelta(hours=2)
    assert deliveries.final_counts == [1]
