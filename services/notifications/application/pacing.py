"""Waiting for a channel's rate limit without blocking other channels."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from services.notifications.domain.pacing import TokenBucket


class RateLimiter:
    """A token bucket per channel and per process.

    With N instances the fleet-wide rate is N times the configured one; providers' limits are
    per sender (SMTP relay) or per webhook (about one message a second for Slack), so the
    configured rate is chosen for the expected number of instances.
    """

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bucket = TokenBucket(rate, burst, now=monotonic())
        self._monotonic = monotonic
        self._sleep = sleep
        self.waited_seconds = 0.0

    async def wait(self) -> None:
        delay = self._bucket.reserve(self._monotonic())
        if delay > 0:
            self.waited_seconds += delay
            await self._sleep(delay)
