"""Every change to a series ends the same way: one write, publish, re-arm its timers.

State and the events it implies go into the series document in one update (outbox), so a
crash after the write only delays publication (the relay finishes it); a crash before the
timers are armed leaves the series flagged, and the timer loop re-arms it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.application.ports import SeriesStore, Telemetry, TimerStore
from services.scheduling.domain.model import Series
from services.scheduling.domain.timers import timers_for
from shared.clock import Clock
from shared.events import Event

log = logging.getLogger("twoway.scheduling.writer")


class SeriesWriter:
    def __init__(
        self,
        *,
        series: SeriesStore,
        timers: TimerStore,
        telemetry: Telemetry,
        clock: Clock,
        policy: SchedulingPolicy,
    ) -> None:
        self._series = series
        self._timers = timers
        self._telemetry = telemetry
        self._clock = clock
        self._policy = policy

    async def commit(self, series: Series, events: Sequence[Event]) -> bool:
        """False if someone else changed the series first: reload and decide again."""
        if not await self._series.save(series, events):
            return False
        published: Sequence[Event] = ()
        try:
            await self._series.publish(series.pair_id, events, clear=False)
            published = events
        except Exception:
            # The change is durable and its events wait in the outbox: the relay publishes
            # them once the broker is back. Failing the caller now would only invite a retry
            # of something that already happened.
            log.warning("publishing deferred to the outbox relay", exc_info=True)
        self._telemetry.emitted(events)
        await self.arm_timers(series, published, fresh=series.version == 1)
        return True

    async def arm_timers(
        self, series: Series, published: Sequence[Event] = (), *, fresh: bool = False
    ) -> None:
        """Sync the series' timers, then mark them synced and clear `published` from its
        outbox in one update (a crash before it: the relay republishes, ids are the same)."""
        specs = timers_for(series, waiting_alert_after=self._policy.waiting_alert_after)
        await self._timers.sync(series.pair_id, specs, self._clock.now(), fresh=fresh)
        await self._series.timers_synced(series.pair_id, series.version, published)
