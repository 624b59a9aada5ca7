"""How fast and how often we knock: retry backoff and per-channel rate limits."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter, bounded in attempts and in delay."""

    max_attempts: int = 6
    base_seconds: float = 2.0
    max_seconds: float = 600.0
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based).

        Jitter in [ceiling/2, ceiling] spreads retries of a burst that failed together (an SMTP
        relay restarting) without ever retrying sooner than half the nominal delay.
        """
        ceiling = min(self.max_seconds, self.base_seconds * (2 ** max(0, attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


class TokenBucket:
    """`rate` sends per second on average, bursts of up to `burst`.

    `reserve` debits a token immediately (the balance may go negative) and says how long the
    caller must wait, so concurrent senders queue up in order instead of polling.
    """

    def __init__(self, rate: float, burst: int, *, now: float) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._updated = now

    def reserve(self, now: float) -> float:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._updated = max(self._updated, now)
        self._tokens -= 1.0
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate
