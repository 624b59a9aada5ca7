"""The background loop that sends due deliveries, assembles digests and repairs crashes.

Deliveries the consumer has just recorded (already claimed) are handed over and sent at
once; the full pass (everything due, digests, crash repair) runs on its own interval, or when
woken without deliveries. A busy consumer thus costs no scan of the queues per event, and
no instance reaches for another's new deliveries.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from services.notifications.application.digests import DigestAssembler
from services.notifications.application.dispatch import Dispatcher
from services.notifications.application.ports import DeliveryRecord
from services.notifications.domain.fairness import TIME_CRITICAL, FairQueue, urgency

MAX_DRAIN_ROUNDS = 20
"""Full batches handled back to back before yielding to housekeeping."""


class Wakeup:
    """Lets the consumer start the loop early, with the deliveries it just recorded."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._fresh: list[DeliveryRecord] = []
        self._full = False

    def __call__(self, claimed: Sequence[DeliveryRecord] = ()) -> None:
        if claimed:
            self._fresh.extend(claimed)
        else:
            self._full = True  # something became due that only a full pass finds
        self._event.set()

    async def wait(self, seconds: float) -> bool:
        """True if woken before `seconds` passed."""
        try:
            await asyncio.wait_for(self._event.wait(), seconds)
        except TimeoutError:
            return False
        self._event.clear()
        return True

    def take(self) -> tuple[list[DeliveryRecord], bool]:
        """The deliveries handed over since the last call, and whether a full pass was asked
        for."""
        fresh, full = self._fresh, self._full
        self._fresh, self._full = [], False
        return fresh, full


class DeliveryLoop:
    def __init__(
        self,
        *,
        dispatcher: Dispatcher,
        assembler: DigestAssembler,
        wakeup: Wakeup,
        interval_seconds: float,
        housekeeping_seconds: float,
        batch: int,
        monotonic: Callable[[], float] = time.monotonic,
        turn: int = 8,
    ) -> None:
        self._dispatcher = dispatcher
        self._assembler = assembler
        self._wakeup = wakeup
        self._interval = interval_seconds
        self._housekeeping = housekeeping_seconds
        self._batch = batch
        self._monotonic = monotonic
        self._last_housekeeping = float("-inf")
        self._turn = turn
        self._waiting: FairQueue[DeliveryRecord] = FairQueue(
            lambda r: (urgency(r.template, r.priority), r.program_id)
        )

    async def run_once(self) -> None:
        await self._assembler.run()
        for _ in range(MAX_DRAIN_ROUNDS):
            await self.send_time_critical()
            if await self._dispatcher.run_due() < self._batch:
                break
        if self._monotonic() - self._last_housekeeping >= self._housekeeping:
            self._last_housekeeping = self._monotonic()
            await self._dispatcher.recover_stuck()
            await self._dispatcher.report_queue()

    async def run_forever(self) -> None:
        while True:
            await self.run_once()
            await self.send_fresh_until(self._monotonic() + self._interval)

    async def send_fresh_until(self, deadline: float) -> None:
        """Send what the consumer hands over until the next full pass is due or asked for.

        Handed-over deliveries wait in a fair queue and go a turn (a handful) at a time,
        the queue refilled between turns: a reminder handed over during another program's
        burst goes out after the turn in progress, not after the burst."""
        while (left := deadline - self._monotonic()) > 0:
            if not self._waiting and not await self._wakeup.wait(left):
                return
            fresh, full = self._wakeup.take()
            self._waiting.push(fresh)
            turn = self._waiting.take(self._turn)
            if turn:
                await self._dispatcher.run_claimed(turn)
            if full:
                return

    async def send_time_critical(self) -> None:
        """Reminders and changes handed over meanwhile go before the next batch of the due
        scan: a long drain (a backlog after downtime) does not hold them back either."""
        fresh, full = self._wakeup.take()
        self._waiting.push(fresh)
        if full:
            self._wakeup()  # still wanted: the full pass is running now, ask again after it
        while self._waiting.most_urgent() == TIME_CRITICAL:
            await self._dispatcher.run_claimed(self._waiting.take(self._turn))

    @property
    def waiting(self) -> FairQueue[DeliveryRecord]:
        return self._waiting
