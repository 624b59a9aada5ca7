"""The background loop that sends due deliveries, assembles digests and repairs crashes.

Every delivery to send waits in one fair queue (time-critical first, programs taking turns),
whether the consumer has just recorded it (already claimed, handed over) or the due scan
found it (claimed by the scan, a batch at a time, only while the queue is short). Several
turns (a handful of deliveries each) are in flight at once, and the next turn is taken from
the queue only when a sender is free: a reminder handed over during another program's burst
waits for the first turn to finish, not for a batch or a burst. A busy consumer costs no scan
of the queues per event, and no instance reaches for another's new deliveries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from services.notifications.application.digests import DigestAssembler
from services.notifications.domain.fairness import URGENT, FairQueue, urgency
from services.notifications.domain.model import DeliveryRecord

log = logging.getLogger("twoway.notifications.delivery_loop")


class Sending(Protocol):
    """What the loop needs of the dispatcher."""

    async def claim_due(self, *, high_only: bool = False) -> list[DeliveryRecord]: ...

    async def run_claimed(self, records: Sequence[DeliveryRecord]) -> None: ...

    async def recover_stuck(self) -> int: ...

    async def report_queue(self) -> None: ...


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
        dispatcher: Sending,
        assembler: DigestAssembler,
        wakeup: Wakeup,
        interval_seconds: float,
        housekeeping_seconds: float,
        batch: int,
        monotonic: Callable[[], float] = time.monotonic,
        turn: int = 8,
        senders: int = 1,
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
        self._senders = asyncio.Semaphore(senders)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._backlog = False
        """The last scan found a full batch: scan again as soon as the queue runs short."""
        self._pass_wanted = asyncio.Event()
        self._waiting: FairQueue[DeliveryRecord] = FairQueue(
            lambda r: (urgency(r.template, r.priority), r.program_id)
        )

    async def run_once(self) -> None:
        """Digests, a scan for due deliveries (into the queue, while it is short) and, on its
        own interval, crash repair and queue metrics."""
        await self._assembler.run()
        self._take_handed_over()
        self._backlog = False
        if len(self._waiting) < self._batch:
            claimed = await self._dispatcher.claim_due()
            self._waiting.push(claimed)
            self._backlog = len(claimed) >= self._batch
        elif self._waiting.count_within(URGENT) < self._batch:
            # A long queue of bulk mail (a large import's welcomes) must not hide what is due
            # and urgent but was not handed over: an invitation that waited for a partner's
            # contact, a reminder's retry. They join the queue ahead of the bulk.
            self._waiting.push(await self._dispatcher.claim_due(high_only=True))
        if self._monotonic() - self._last_housekeeping >= self._housekeeping:
            self._last_housekeeping = self._monotonic()
            await self._dispatcher.recover_stuck()
            await self._dispatcher.report_queue()

    async def run_forever(self) -> None:
        """The full pass (digests, due scan, housekeeping) and the sending run side by side:
        a slow pass on a busy database never stops turns from being taken."""
        sending = asyncio.create_task(self._send_forever())
        try:
            while True:
                await self.run_once()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._pass_wanted.wait(), self._interval)
                self._pass_wanted.clear()
        finally:
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            await self.settle()

    async def _send_forever(self) -> None:
        while True:
            await self.send_fresh_until(self._monotonic() + self._interval)

    async def send_fresh_until(self, deadline: float) -> None:
        """Send from the queue until the next full pass is due or asked for (or, after a full
        scan, the queue runs short and the scan should refill it).

        A turn is taken only when a sender is free, so whatever is most urgent at that moment
        (a reminder handed over a second ago) goes first."""
        while (left := deadline - self._monotonic()) > 0:
            if not self._waiting and not await self._wakeup.wait(left):
                return
            full = self._take_handed_over()
            if self._waiting:
                await self._senders.acquire()
                self._take_handed_over()  # what arrived while every sender was busy
                turn = self._waiting.take(self._turn)
                if turn:
                    self._start(turn)
                else:
                    self._senders.release()
            if full or (self._backlog and len(self._waiting) < self._batch):
                self._pass_wanted.set()
                return

    async def settle(self) -> None:
        """Wait for the turns in flight (their outcomes are recorded by the dispatcher)."""
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    def _take_handed_over(self) -> bool:
        fresh, full = self._wakeup.take()
        self._waiting.push(fresh)
        return full

    def _start(self, turn: list[DeliveryRecord]) -> None:
        task = asyncio.create_task(self._send(turn))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _send(self, turn: list[DeliveryRecord]) -> None:
        try:
            await self._dispatcher.run_claimed(turn)
        except Exception as error:
            # An outage: the unrecorded deliveries stay SENDING and crash recovery
            # releases them after the claim timeout. The type only: a mail server's error
            # text may quote the recipient's address.
            log.warning("a turn of deliveries failed", extra={"error_type": type(error).__name__})
        finally:
            self._senders.release()

    @property
    def waiting(self) -> FairQueue[DeliveryRecord]:
        return self._waiting
