"""Weekly availability across time zones, measured on one concrete reference week.

Windows are local wall-clock times that repeat every week. To compare two people we lay each
one's pattern on the real calendar of the weeks before, during and after the reference week,
convert every boundary with zoneinfo (so a week in which only one side has switched to daylight
saving time is measured as it really is), and count the common minutes inside the reference
week [Monday 00:00 UTC, next Monday 00:00 UTC). Including the neighbouring weeks matters: a
Tokyo Monday morning is still Sunday in San Francisco.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from services.matching.domain.model import MINUTES_PER_DAY, WeeklyWindow

WEEK_MINUTES = 7 * MINUTES_PER_DAY
Interval = tuple[int, int]


def week_start(day: date) -> date:
    """The Monday of the ISO week that contains `day`."""
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_known_timezone(name: str) -> bool:
    try:
        _zone(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


@lru_cache(maxsize=200_000)
def _utc_minute(timezone: str, local_day: date, minute: int, origin: date) -> int:
    """Minutes from `origin` 00:00 UTC to `local_day` + `minute` in `timezone`.

    Local times skipped by a DST jump resolve with the offset before the jump and repeated
    times take their first occurrence (PEP 495 fold=0), so a window keeps its real length.
    """
    day = local_day + timedelta(days=minute // MINUTES_PER_DAY)
    rest = minute % MINUTES_PER_DAY
    local = datetime.combine(day, time(rest // 60, rest % 60), tzinfo=_zone(timezone))
    delta = local.astimezone(UTC) - datetime.combine(origin, time(), tzinfo=UTC)
    return int(delta.total_seconds()) // 60


def _merge(intervals: list[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


@lru_cache(maxsize=65_536)
def weekly_intervals_utc(
    windows: tuple[WeeklyWindow, ...], timezone: str, reference_week: date
) -> tuple[Interval, ...]:
    """Sorted, disjoint [start, end) minutes since the reference Monday 00:00 UTC."""
    monday = week_start(reference_week)
    intervals: list[Interval] = []
    for week in (-1, 0, 1):
        for window in windows:
            local_day = monday + timedelta(days=7 * week + window.day_index)
            start = _utc_minute(timezone, local_day, window.start_minute, monday)
            end = _utc_minute(timezone, local_day, window.end_minute, monday)
            start, end = max(start, 0), min(end, WEEK_MINUTES)
            if start < end:
                intervals.append((start, end))
    return _merge(intervals)


def intervals_overlap_minutes(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    total, i, k = 0, 0, 0
    while i < len(a) and k < len(b):
        total += max(0, min(a[i][1], b[k][1]) - max(a[i][0], b[k][0]))
        if a[i][1] < b[k][1]:
            i += 1
        else:
            k += 1
    return total


def weekly_overlap_minutes(
    windows_a: tuple[WeeklyWindow, ...],
    timezone_a: str,
    windows_b: tuple[WeeklyWindow, ...],
    timezone_b: str,
    reference_week: date,
) -> int:
    """Minutes per week both people are available, for the given reference week."""
    return intervals_overlap_minutes(
        weekly_intervals_utc(windows_a, timezone_a, reference_week),
        weekly_intervals_utc(windows_b, timezone_b, reference_week),
    )


@lru_cache(maxsize=4096)
def utc_offset_minutes(timezone: str, reference_week: date) -> int:
    """UTC offset in the middle of the reference week (Wednesday 12:00 UTC)."""
    noon = datetime.combine(week_start(reference_week) + timedelta(days=2), time(12), tzinfo=UTC)
    offset = noon.astimezone(_zone(timezone)).utcoffset()
    return 0 if offset is None else int(offset.total_seconds()) // 60


def timezone_distance_minutes(offset_a: int, offset_b: int) -> int:
    """Distance on the 24-hour clock, 0..720: UTC+13 and UTC-10 are one hour apart."""
    difference = abs(offset_a - offset_b) % MINUTES_PER_DAY
    return min(difference, MINUTES_PER_DAY - difference)


class AvailabilityBits:
    """Everyone's reference week as a bitset of equal slots, for vectorised overlap.

    The slot length is the greatest common divisor of every interval boundary, so counting
    common slots is exact, not an approximation (15 minutes for typical calendars).
    """

    def __init__(self, intervals: Sequence[Sequence[Interval]]) -> None:
        slot = WEEK_MINUTES
        for person in intervals:
            for start, end in person:
                slot = math.gcd(slot, start, end)
        self.slot_minutes = slot
        slots = WEEK_MINUTES // slot
        self.words = (slots + 63) // 64
        count = len(intervals)
        packed = np.zeros((count, self.words * 8), dtype=np.uint8)
        chunk = max(1, 2_000_000 // (self.words * 64))
        for first in range(0, count, chunk):
            block = intervals[first : first + chunk]
            grid = np.zeros((len(block), self.words * 64), dtype=np.bool_)
            for row, person in enumerate(block):
                for start, end in person:
                    grid[row, start // slot : end // slot] = True
            packed[first : first + len(block)] = np.packbits(grid, axis=1, bitorder="little")
        # One contiguous row per word makes the per-pair gathers cheap.
        self.bits: npt.NDArray[np.uint64] = np.ascontiguousarray(
            packed.view(np.uint64).reshape(count, self.words).T
        )

    def overlap_minutes(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        common = np.zeros(len(first), dtype=np.int64)
        for word in self.bits:
            common += np.bitwise_count(word[first] & word[second])
        return common * self.slot_minutes
