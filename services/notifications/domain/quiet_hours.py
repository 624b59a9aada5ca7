"""Local wall-clock arithmetic: quiet hours and "next morning" in a recipient's own time zone.

Everything takes and returns UTC instants; local times are only used to decide. Times that do
not exist locally (the hour skipped when clocks go forward) resolve to the instant just after
the gap, and ambiguous ones (the hour repeated in autumn) to their first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.notifications.domain.model import QuietHours


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def zone(name: str | None) -> ZoneInfo:
    """The named zone, or UTC for a missing or unknown name (a message must never fail on it)."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    local = datetime.combine(day, clock, tzinfo=tz)
    # Round-trip through UTC so a wall time inside a DST gap lands on the real instant after it.
    return local.astimezone(UTC)


def quiet_until(now: datetime, timezone: str | None, quiet: QuietHours) -> datetime | None:
    """When the recipient's quiet hours end, if `now` falls inside them; otherwise None."""
    start, end = parse_clock(quiet.start), parse_clock(quiet.end)
    if start == end:
        return None
    tz = zone(timezone)
    local = now.astimezone(tz)
    today, wall = local.date(), local.time().replace(tzinfo=None)
    if start < end:  # a window inside one day, e.g. 12:00-13:30
        ends = _at(today, end, tz) if start <= wall < end else None
    elif wall >= start:  # overnight window, evening part
        ends = _at(today + timedelta(days=1), end, tz)
    elif wall < end:  # overnight window, morning part
        ends = _at(today, end, tz)
    else:
        ends = None
    return ends if ends is not None and ends > now else None


def next_local_time(now: datetime, timezone: str | None, clock: str) -> datetime:
    """The first instant strictly after `now` at which the local wall clock reads `clock`."""
    tz = zone(timezone)
    wanted = parse_clock(clock)
    day = now.astimezone(tz).date()
    for offset in range(3):
        candidate = _at(day + timedelta(days=offset), wanted, tz)
        if candidate > now:
            return candidate
    raise AssertionError("a wall-clock time recurs within three days")  # pragma: no cover


def local_date(instant: datetime, timezone: str | None) -> date:
    return instant.astimezone(zone(timezone)).date()


def start_of_local_day(instant: datetime, timezone: str | None) -> datetime:
    """Midnight of `instant`'s day in `timezone` (the start of a person's day)."""
    tz = zone(timezone)
    day = instant.astimezone(tz).date()
    return datetime.combine(day, time(0, 0), tzinfo=tz)
