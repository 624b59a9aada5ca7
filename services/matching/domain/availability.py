"""Weekly availability across time zones, measured on one concrete reference week.

Windows are local wall-clock times that repeat every week. To compare two people we lay each
one's pattern on the real calendar of the weeks before, during and after the reference week,
convert every boundary with zoneinfo (so a week in which only one side has switched to daylight
saving time is measured as it really is), and count the common minutes inside the reference
week [Monday 00:00 UTC, next Monday 00:00 UTC). Including the neighbouring weeks matters: a
Tokyo Monday morning is still Sunday in San Francisco.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from services.matching.domain.model import MINUTES_PER_DAY, WeeklyWindow
from services.matching.domain.session_time import GRID_MINUTES, session_step

WEEK_MINUTES = 7 * MINUTES_PER_DAY
# Pairs whose availability rows are gathered at once: a few MB, so the gathers stay in cache.
OVERLAP_PAIRS_PER_BLOCK = 1 << 16
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


@lru_cache(maxsize=4096)
def _local_midnights(timezone: str, monday: date) -> tuple[int, ...]:
    """UTC minutes (from `monday` 00:00 UTC) of local midnight, for local days -7 .. +14."""
    return tuple(
        _utc_minute(timezone, monday + timedelta(days=day), 0, monday) for day in range(-7, 15)
    )


class AvailabilityBits:
    """Everyone's reference week as a bitset of equal slots, for vectorised overlap.

    The slot length is the greatest common divisor of every interval boundary, so counting
    common slots is exact, not an approximation (15 or 30 minutes for typical calendars).
    """

    def __init__(
        self,
        people: Sequence[tuple[tuple[WeeklyWindow, ...], str]],
        reference_week: date,
        session_minutes: int = 60,
        counted: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        """`counted`: whose time capacity is wanted (everyone's when None)."""
        person, start, end = _utc_boundaries(people, week_start(reference_week))
        self.slot_minutes = slot = int(np.gcd.reduce(np.concatenate(([WEEK_MINUTES], start, end))))
        slots = WEEK_MINUTES // slot
        self.words = (slots + 63) // 64
        count = len(people)
        packed = np.zeros((count, self.words * 8), dtype=np.uint8)
        session_starts = np.zeros((count, self.words * 8), dtype=np.uint8)
        # Weekly sessions each person can hold side by side: their time capacity.
        self.session_capacity = np.zeros(count, dtype=np.int64)
        self.session_minutes = session_minutes
        counted = np.ones(count, dtype=np.bool_) if counted is None else counted
        # Minutes each person is free in each 3-hour block of the UTC day: their peak block.
        block_of_slot = (np.arange(slots) * slot % MINUTES_PER_DAY) // (MINUTES_PER_DAY // 8)
        in_block = np.eye(8, dtype=np.float32)[block_of_slot]
        self.peak_block = np.zeros(count, dtype=np.int64)
        chunk = max(1, 4_000_000 // (self.words * 64))
        for first in range(0, count, chunk):
            last = min(count, first + chunk)
            rows = slice(*np.searchsorted(person, (first, last)))
            change = np.zeros((last - first, self.words * 64 + 1), dtype=np.int16)
            np.add.at(change, (person[rows] - first, start[rows] // slot), 1)
            np.add.at(change, (person[rows] - first, end[rows] // slot), -1)
            grid = np.cumsum(change[:, :-1], axis=1) > 0
            packed[first:last] = np.packbits(grid, axis=1, bitorder="little")
            starts = _session_starts(grid, slot, session_minutes)
            session_starts[first:last] = np.packbits(starts, axis=1, bitorder="little")
            juniors = np.flatnonzero(counted[first:last])
            self.session_capacity[first + juniors] = _sessions_side_by_side(
                grid[juniors], slot, session_minutes
            )
            self.peak_block[first:last] = np.argmax(grid[:, :slots] @ in_block, axis=1)
        # One row of words per person: a pair's overlap is then two row gathers, which numpy
        # does almost twice as fast as one gather per word.
        self.bits: npt.NDArray[np.uint64] = packed.view(np.uint64).reshape(count, self.words)
        self.session_bits: npt.NDArray[np.uint64] = session_starts.view(np.uint64).reshape(
            count, self.words
        )

    def overlap_minutes(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        common = np.empty(len(first), dtype=np.int64)
        for start in range(0, len(first), OVERLAP_PAIRS_PER_BLOCK):
            block = slice(start, start + OVERLAP_PAIRS_PER_BLOCK)
            both = np.take(self.bits, first[block], axis=0)
            both &= np.take(self.bits, second[block], axis=0)
            np.sum(np.bitwise_count(both), axis=1, dtype=np.int64, out=common[block])
        return common * self.slot_minutes

    def share_a_session(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Whether the two have one whole session of common time in the week (on the grid)."""
        shared = np.empty(len(first), dtype=np.bool_)
        for start in range(0, len(first), OVERLAP_PAIRS_PER_BLOCK):
            block = slice(start, start + OVERLAP_PAIRS_PER_BLOCK)
            both = np.take(self.session_bits, first[block], axis=0)
            both &= np.take(self.session_bits, second[block], axis=0)
            np.any(both, axis=1, out=shared[block])
        return shared

    def sessions_side_by_side(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        """Per pair, how many sessions fit back to back in the two people's common time."""
        counts = np.empty(len(first), dtype=np.int64)
        for start in range(0, len(first), OVERLAP_PAIRS_PER_BLOCK // 8):
            block = slice(start, start + OVERLAP_PAIRS_PER_BLOCK // 8)
            both = np.take(self.bits, first[block], axis=0)
            both &= np.take(self.bits, second[block], axis=0)
            grid = np.unpackbits(both.view(np.uint8), axis=1, bitorder="little").view(np.bool_)
            counts[block] = _sessions_side_by_side(grid, self.slot_minutes, self.session_minutes)
        return counts


def _session_starts(
    grid: npt.NDArray[np.bool_], slot: int, session_minutes: int
) -> npt.NDArray[np.bool_]:
    """Slots at which a session can start: on the grid, and free for its whole length.
    Availability is the same all through a slot, so whole slots decide."""
    needed = -(-session_minutes // slot)
    width = grid.shape[1]
    starts = np.zeros_like(grid)
    if needed <= width:
        run = starts[:, : width - needed + 1]
        run[:] = grid[:, : width - needed + 1]
        for shift in range(1, needed):
            run &= grid[:, shift : width - needed + 1 + shift]
    off_grid = (np.arange(grid.shape[1]) * slot) % GRID_MINUTES != 0
    starts[:, off_grid] = False
    return starts


def _sessions_side_by_side(
    grid: npt.NDArray[np.bool_], slot: int, session_minutes: int
) -> npt.NDArray[np.int64]:
    """Per row, how many sessions fit back to back in its free runs (see session_time)."""
    edges = np.diff(grid.astype(np.int8), axis=1, prepend=0, append=0)
    row, run_start = np.nonzero(edges == 1)
    _, run_end = np.nonzero(edges == -1)
    first = -(-(run_start * slot) // GRID_MINUTES) * GRID_MINUTES
    room = run_end * slot - session_minutes - first
    fits = np.where(room >= 0, 1 + room // session_step(session_minutes), 0)
    return np.bincount(row, weights=fits, minlength=grid.shape[0]).astype(np.int64)


def _utc_boundaries(
    people: Sequence[tuple[tuple[WeeklyWindow, ...], str]], monday: date
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every window of the weeks around the reference week as (person, start, end) in UTC
    minutes, clipped to the reference week, ordered by person. The same arithmetic as
    weekly_intervals_utc, done once per time zone and day instead of once per window."""
    zones = sorted({timezone for _, timezone in people})
    zone_code = {timezone: code for code, timezone in enumerate(zones)}
    midnights = np.array([_local_midnights(zone, monday) for zone in zones], dtype=np.int64)
    rows = [
        (position, zone_code[timezone], window.day_index, window.start_minute, window.end_minute)
        for position, (windows, timezone) in enumerate(people)
        for window in windows
    ]
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)
    person, zone, day, start, end = table.T
    persons, starts, ends = [], [], []
    for week in (-1, 0, 1):
        column = 7 * (week + 1) + day
        midnight = midnights[zone, column] if len(zones) else np.zeros(0, np.int64)
        week_start_utc, week_end_utc = midnight + start, midnight + end
        # On a day with a DST switch, wall-clock minutes are not UTC minutes after midnight.
        switching = (
            np.flatnonzero(midnights[zone, column + 1] - midnight != MINUTES_PER_DAY)
            if len(zones)
            else np.zeros(0, np.int64)
        )
        for row in switching:
            local_day = monday + timedelta(days=7 * week + int(day[row]))
            week_start_utc[row] = _utc_minute(zones[zone[row]], local_day, int(start[row]), monday)
            week_end_utc[row] = _utc_minute(zones[zone[row]], local_day, int(end[row]), monday)
        persons.append(person)
        starts.append(np.maximum(week_start_utc, 0))
        ends.append(np.minimum(week_end_utc, WEEK_MINUTES))
    person, start, end = np.concatenate(persons), np.concatenate(starts), np.concatenate(ends)
    keep = start < end
    order = np.argsort(person[keep], kind="stable")
    return person[keep][order], start[keep][order], end[keep][order]
