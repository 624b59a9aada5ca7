"""The background loop that sends due deliveries, assembles digests and repairs crashes."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from services.notifications.application.digests import DigestAssembler
from services.notifications.application.dispatch import Dispatcher

MAX_DRAIN_ROUNDS = 20
"""Full batches handled back to back before yielding to housekeeping."""


class Wakeup:
    """Lets the consumer start the loop early instead of waiting for the next poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def __call__(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        self._event.clear()


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
    ) -> None:
        self._dispatcher = dispatcher
        self._assembler = assembler
        self._wakeup = wakeup
        self._interval = interval_seconds
        self._housekeeping = housekeeping_seconds
        self._batch = batch
        self._monotonic = monotonic
        self._last_housekeeping = float("-inf")

    async def run_once(self) -> None:
        await self._assembler.run()
        for _ in range(MAX_DRAIN_ROUNDS):
            if await self._dispatcher.run_due() < self._batch:
                break
        if self._monotonic() - self._last_housekeeping >= self._housekeeping:
            self._last_housekeeping = self._monotonic()
            await self._dispatcher.recover_stuck()
            await self._dispatcher.report_queue()

    async def run_forever(self) -> None:
        while True:
            await self.run_once()
            await self._wakeup.wait(self._interval)
