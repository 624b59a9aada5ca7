"""Where two people can meet: both available, on a program day, and not already booked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from services.scheduling.domain.model import Person, ProgramCalendar
from services.scheduling.domain.timeline import (
    Interval,
    availability,
    clip,
    covers,
    day_span,
    intersect,
    local_days,
    merge,
    overlaps,
    subtract,
)


def program_days(
    calendar: ProgramCalendar, lo: int, hi: int
) -> tuple[list[Interval], list[Interval]]:
    """(days on which sessions may happen, blackout days), both in the program's time zone."""
    allowed: list[Interval] = []
    blackout: list[Interval] = []
    for day in local_days(calendar.timezone, lo, hi):
        if calendar.start_date <= day <= calendar.end_date:
            target = blackout if day in calendar.blackout_dates else allowed
            target.append(day_span(calendar.timezone, day))
    return clip(merge(allowed), lo, hi), clip(merge(blackout), lo, hi)


def program_bounds(calendar: ProgramCalendar) -> Interval:
    """From the first program day's local midnight to the end of its last day."""
    return (
        day_span(calendar.timezone, calendar.start_date)[0],
        day_span(calendar.timezone, calendar.end_date)[1],
    )


class SlotFinder:
    """Common free time of two people between `lo` and `hi` (epoch minutes).

    Busy intervals are the sessions either person already has; `book` and `release` change
    them while a series is planned or re-planned, so its own sessions never overlap either.
    Proposed starts sit on a grid of `granularity` minutes (UTC quarter hours are quarter hours
    in every time zone in use, including +05:45 and +08:45).
    """

    def __init__(
        self,
        first: Person,
        second: Person,
        calendar: ProgramCalendar,
        *,
        lo: int,
        hi: int,
        busy: Iterable[Interval] = (),
        granularity: int = 15,
    ) -> None:
        if granularity < 1:
            raise ValueError("granularity must be at least one minute")
        self.calendar = calendar
        self.lo = lo
        self.hi = hi
        self.granularity = granularity
        self.available_first = availability(first, lo, hi)
        self.available_second = availability(second, lo, hi)
        self.allowed_days, self.blackout_days = program_days(calendar, lo, hi)
        self.program_span = program_bounds(calendar)
        self.common = intersect(
            intersect(self.available_first, self.available_second), self.allowed_days
        )
        self._busy: list[Interval] = sorted(busy)
        self._free: list[Interval] | None = None

    # -- bookings -------------------------------------------------------------------------
    def book(self, interval: Interval) -> None:
        self._busy.append(interval)
        self._busy.sort()
        self._free = None

    def release(self, interval: Interval) -> None:
        if interval in self._busy:
            self._busy.remove(interval)
            self._free = None

    def free(self) -> list[Interval]:
        if self._free is None:
            self._free = subtract(self.common, merge(self._busy))
        return self._free

    # -- questions ------------------------------------------------------------------------
    def fits(self, start: int, end: int) -> bool:
        return covers(self.common, start, end) and not overlaps(self._busy, start, end)

    def rejection(self, start: int, end: int) -> str | None:
        """Why [start, end) cannot be booked, as a stable code; None if it can."""
        if start < self.program_span[0] or end > self.program_span[1]:
            return "outside_program"
        if overlaps(self.blackout_days, start, end):
            return "blackout_date"
        if not (
            covers(self.available_first, start, end) and covers(self.available_second, start, end)
        ):
            return "outside_availability"
        if overlaps(self._busy, start, end):
            return "slot_taken"
        if not covers(self.common, start, end):
            return "outside_program"
        return None

    def nearest(self, target: int, length: int, lo: int, hi: int) -> int | None:
        """The grid start in [lo, hi] closest to `target` whose slot is free (earlier on ties)."""
        best: int | None = None
        for start, end in self.free():
            if end - length < lo or start > hi:
                continue
            candidate = self.snap_within(target, max(start, lo), min(end - length, hi))
            if candidate is None:
                continue
            if best is None or (abs(candidate - target), candidate) < (abs(best - target), best):
                best = candidate
        return best

    def earliest(self, after: int, length: int) -> int | None:
        for start, end in self.free():
            candidate = self._ceil(max(start, after))
            if candidate + length <= end:
                return candidate
        return None

    def snap_within(self, target: int, lo: int, hi: int) -> int | None:
        """`target` rounded to the grid and kept inside [lo, hi]; None if no grid point is."""
        low, high = self._ceil(lo), self._floor(hi)
        if low > high:
            return None
        rounded = self._floor(target + self.granularity // 2)
        return min(max(rounded, low), high)

    def _ceil(self, value: int) -> int:
        return -(-value // self.granularity) * self.granularity

    def _floor(self, value: int) -> int:
        return value // self.granularity * self.granularity


def weekly_overlap_exists(first: Person, second: Person, start: int, length: int) -> bool:
    """Whether the two weekly patterns share `length` minutes at all (two weeks looked at)."""
    end = start + int(timedelta(days=14).total_seconds() // 60)
    common = intersect(availability(first, start, end), availability(second, start, end))
    return any(e - s >= length for s, e in common)
