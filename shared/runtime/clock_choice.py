"""Which clock a process runs on: the system's, or a movable one for demos and tests."""

from __future__ import annotations

from shared.clock import Clock, ManualClock, SystemClock
from shared.settings import ServiceSettings


def clock_for(settings: ServiceSettings) -> Clock:
    if settings.clock_mode != "manual":
        return SystemClock()
    manual = ManualClock()
    if settings.clock_start is not None:
        # Never behind real time: a stale start value must not stop the process from starting.
        manual.set(max(settings.clock_start, manual.now()))
    return manual
