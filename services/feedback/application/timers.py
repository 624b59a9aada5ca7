"""Time-driven work: one nudge per overdue request, and health re-checks as days pass.

Every item is claimed with a conditional update before anything is emitted, so any number of
instances can run this loop side by side; the ids of what they emit are deterministic as well.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from services.feedback.application.health import PairHealthMonitor
from services.feedback.application.mapping import fallback_correlation, feedback_requested
from services.feedback.application.ports import FeedbackObserver, PairStore, RequestStore
from shared.clock import Clock

log = logging.getLogger("twoway.feedback.timers")


@dataclass(frozen=True, slots=True)
class SweepResult:
    nudged: int = 0
    rechecked: int = 0


class FeedbackTimers:
    def __init__(
        self,
        *,
        requests: RequestStore,
        pairs: PairStore,
        monitor: PairHealthMonitor,
        observer: FeedbackObserver,
        clock: Clock,
        batch: int = 200,
    ) -> None:
        self._requests = requests
        self._pairs = pairs
        self._monitor = monitor
        self._observer = observer
        self._clock = clock
        self._batch = batch

    async def sweep(self) -> SweepResult:
        nudged = await self.nudge_overdue()
        rechecked = await self.recheck_health()
        self._observer.pairs_at_risk(await self._pairs.at_risk_by_program())
        return SweepResult(nudged=nudged, rechecked=rechecked)

    async def nudge_overdue(self) -> int:
        now = self._clock.now()
        nudged = 0
        for request in await self._requests.due_nudges(now, self._batch):
            correlation = await self._requests.correlation_of(request.request_id)
            event = feedback_requested(
                request,
                now=now,
                correlation_id=(
                    UUID(correlation) if correlation else fallback_correlation(request.request_id)
                ),
                causation_id=None,
                nudge=True,
            )
            if await self._requests.claim_nudge(request, event):
                nudged += 1
                self._observer.feedback_requested(request.program_id, nudge=True)
                # An unanswered request now counts against the pair's health.
                await self._monitor.evaluate(request.pair_id)
        if nudged:
            log.info("overdue feedback nudged", extra={"requests": nudged})
        return nudged

    async def recheck_health(self) -> int:
        now = self._clock.now()
        rechecked = 0
        for pair_id in await self._pairs.due_checks(now, self._batch):
            claimed = await self._pairs.claim_check(
                pair_id, now=now, next_check=self._monitor.next_check(now)
            )
            if claimed:
                await self._monitor.evaluate(pair_id)
                rechecked += 1
        return rechecked
