"""Which sessions of a series follow its recurrence rule, so calendars can show one series.

A planned session stands for one occurrence of the pattern (its RECURRENCE-ID in a calendar),
even when it was laid a little off the pattern. A session moved later keeps standing for its
occurrence while calendars can still show it as a moved instance of the series: not on the
same local day as another session (Outlook allows one instance per day) and not past a
neighbouring session. Otherwise it leaves the rule and becomes a calendar entry of its own.
"""

from __future__ import annotations

from datetime import datetime

from services.scheduling.domain.model import RecurrencePattern, Series, Session, SessionStatus
from services.scheduling.domain.planner import RecurringSlot
from services.scheduling.domain.timeline import to_instant, zone


def pattern_of(slot: RecurringSlot, *, count: int, session_minutes: int) -> RecurrencePattern:
    return RecurrencePattern(
        zone=slot.zone,
        first_start=to_instant(slot.occurrence(0)),
        cadence_days=slot.cadence_days,
        count=max(1, count),
        session_minutes=session_minutes,
    )


def occurrence_after_move(series: Series, session: Session, new_start: datetime) -> datetime | None:
    """The occurrence `session` still stands for once it starts at `new_start`, or None."""
    if session.occurrence is None or series.pattern is None:
        return None
    tz = zone(series.pattern.zone)
    day = new_start.astimezone(tz).date()
    others = [
        s
        for s in series.sessions
        if s.session_id != session.session_id and s.status is not SessionStatus.CANCELLED
    ]
    if any(other.start.astimezone(tz).date() == day for other in others):
        return None
    earlier = [o.start for o in others if o.occurrence and o.occurrence < session.occurrence]
    later = [o.start for o in others if o.occurrence and o.occurrence > session.occurrence]
    if (earlier and new_start <= max(earlier)) or (later and new_start >= min(later)):
        return None
    return session.occurrence
