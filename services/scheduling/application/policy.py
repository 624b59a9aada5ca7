"""Service-wide scheduling choices, set once in the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class SchedulingPolicy:
    plan_notice: timedelta = timedelta(hours=24)
    """A new series starts no sooner than this after the pair is planned."""
    change_notice: timedelta = timedelta(hours=2)
    """Moves proposed by the service ("next possible", re-plans) keep at least this notice."""
    granularity_minutes: int = 15
    waiting_alert_after: timedelta = timedelta(hours=6)
    """How long a pair may wait for a person or program before the admins are told."""
    max_attempts: int = 5
    """Optimistic-concurrency retries before a change is reported as conflicting."""


def whole_seconds(instant: datetime) -> datetime:
    """Stored instants are compared after a round trip through BSON (millisecond precision)."""
    return instant.replace(microsecond=0)
