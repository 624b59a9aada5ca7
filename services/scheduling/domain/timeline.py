"""Instants as whole minutes since the Unix epoch, and sets of instants as interval lists.

Everything is compared on one absolute axis (UTC minutes), and local wall-clock times are
converted with zoneinfo for the concrete date they fall on. That is what makes a weekly window
"Tuesday 09:00-12:00 in New York" land on the right instants in both March weeks in which only
one side of the Atlantic has switched to daylight saving time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from services.scheduling.domain.model import MINUTES_PER_DAY, Person

Interval = tuple[int, int]
"""[start, end) in epoch minutes; lists of them are kept sorted and non-overlapping."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_minutes(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return int((instant - _EPOCH).total_seconds() // 60)


def to_instant(minutes: int) -> datetime:
    return _EPOCH + timedelta(minutes=minutes)


def local_to_minutes(zone_name: str, day: date, minute_of_day: int) -> int:
    """A local wall-clock time on a date, as an absolute minute.

    A time skipped by a DST jump resolves with the offset before the jump and a repeated time
    takes its first occurrence (PEP 495, fold=0), so windows keep their real length.
    """
    day = day + timedelta(days=minute_of_day // MINUTES_PER_DAY)
    rest = minute_of_day % MINUTES_PER_DAY
    local = datetime.combine(day, time(rest // 60, rest % 60), tzinfo=zone(zone_name))
    return to_minutes(local)


def local_date(zone_name: str, minutes: int) -> date:
    return to_instant(minutes).astimezone(zone(zone_name)).date()


def local_minute_of_day(zone_name: str, minutes: int) -> int:
    local = to_instant(minutes).astimezone(zone(zone_name))
    return local.hour * 60 + local.minute


def local_days(zone_name: str, lo: int, hi: int) -> Iterable[date]:
    """Every local date in `zone_name` that overlaps [lo, hi), with a day of margin each side."""
    day = local_date(zone_name, lo) - timedelta(days=1)
    last = local_date(zone_name, max(lo, hi - 1)) + timedelta(days=1)
    while day <= last:
        yield day
        day += timedelta(days=1)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    result: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    result: list[Interval] = []
    j = 0
    for start, end in a:
        cursor = start
        while j < len(b) and b[j][1] <= cursor:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                result.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def clip(intervals: Sequence[Interval], lo: int, hi: int) -> list[Interval]:
    return [(max(s, lo), min(e, hi)) for s, e in intervals if s < hi and e > lo]


def covers(intervals: Sequence[Interval], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one interval of a merged list."""
    position = bisect_right(intervals, (start, float("inf"))) - 1
    return position >= 0 and intervals[position][0] <= start and end <= intervals[position][1]


def overlaps(intervals: Sequence[Interval], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in intervals)


def availability(person: Person, lo: int, hi: int) -> list[Interval]:
    """The person's weekly windows laid on the real calendar between lo and hi."""
    pieces: list[Interval] = []
    for day in local_days(person.timezone, lo, hi):
        weekday = day.weekday()
        for window in person.windows:
            if window.weekday == weekday:
                pieces.append(
                    (
                        local_to_minutes(person.timezone, day, window.start_minute),
                        local_to_minutes(person.timezone, day, window.end_minute),
                    )
                )
    return clip(merge(pieces), lo, hi)


def day_span(zone_name: str, day: date) -> Interval:
    """Local midnight to the next local midnight (23 or 25 hours on DST days)."""
    return (local_to_minutes(zone_name, day, 0), local_to_minutes(zone_name, day, MINUTES_PER_DAY))
