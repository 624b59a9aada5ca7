"""Planning a pair's whole series at once, and re-fitting it when circumstances change.

The plan is one recurring slot — a local time on a weekday in one of the two people's time
zones, repeated at the program's cadence — chosen so that it lands inside both people's
availability as often as possible. Each occurrence is converted to an instant for its own
date, so a series that crosses a DST change keeps the anchor person's wall-clock time and is
checked against the other person's real local time that week. When an occurrence does not fit
(a blackout date, another pair's session, a DST week that breaks the overlap) the nearest free
slot within half a cadence is taken instead, and if there is none that occurrence is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.scheduling.domain.model import MINUTES_PER_DAY, Person, ProgramCalendar, Session
from services.scheduling.domain.slots import SlotFinder, program_bounds, weekly_overlap_exists
from services.scheduling.domain.timeline import (
    Interval,
    day_span,
    local_date,
    local_minute_of_day,
    local_to_minutes,
    to_instant,
    to_minutes,
)


@dataclass(frozen=True, slots=True)
class RecurringSlot:
    zone: str
    first_day: date
    minute_of_day: int
    cadence_days: int

    def occurrence(self, k: int) -> int:
        day = self.first_day + timedelta(days=k * self.cadence_days)
        return local_to_minutes(self.zone, day, self.minute_of_day)

    def occurrences(self, until: int) -> list[int]:
        starts: list[int] = []
        k = 0
        while (start := self.occurrence(k)) < until:
            starts.append(start)
            k += 1
        return starts


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    start: datetime
    end: datetime
    on_pattern: bool
    occurrence: datetime
    """The pattern occurrence this slot stands for (where it would be, had it fitted)."""


@dataclass(frozen=True, slots=True)
class SeriesPlan:
    slots: tuple[PlannedSlot, ...]
    pattern: RecurringSlot
    occurrences: int = 0
    """How many occurrences the pattern has in the program (skipped ones included)."""


@dataclass(frozen=True, slots=True)
class Unschedulable:
    reason: str  # no_common_availability | no_free_dates | program_over


@dataclass(frozen=True, slots=True)
class Refit:
    """What happens to an upcoming session: moved to `new_start`, or cancelled if None."""

    session_id: str
    new_start: datetime | None


def planning_window(calendar: ProgramCalendar, earliest: datetime) -> tuple[int, int]:
    program_lo, program_hi = program_bounds(calendar)
    return max(to_minutes(earliest), program_lo), program_hi


def max_shift_minutes(cadence_days: int) -> int:
    """How far a session may move from its nominal date without crowding its neighbours."""
    return max(MINUTES_PER_DAY // 2, (cadence_days - 1) // 2 * MINUTES_PER_DAY)


def plan_series(
    junior: Person,
    senior: Person,
    calendar: ProgramCalendar,
    *,
    earliest: datetime,
    busy: Sequence[tuple[datetime, datetime]] = (),
    granularity: int = 15,
) -> SeriesPlan | Unschedulable:
    length = calendar.session_minutes
    lo, hi = planning_window(calendar, earliest)
    if hi - lo < length:
        return Unschedulable("program_over")
    if not weekly_overlap_exists(junior, senior, lo, length):
        return Unschedulable("no_common_availability")
    finder = SlotFinder(
        senior,
        junior,
        calendar,
        lo=lo,
        hi=hi,
        busy=[(to_minutes(s), to_minutes(e)) for s, e in busy],
        granularity=granularity,
    )
    zones = list(dict.fromkeys([senior.timezone, junior.timezone]))
    pattern = _best_pattern(finder, zones, calendar, length)
    if pattern is None:
        return Unschedulable("no_free_dates")
    slots = _lay_out(finder, pattern, calendar, length)
    if not slots:
        return Unschedulable("no_free_dates")
    count = len(pattern.occurrences(hi - length + 1))
    return SeriesPlan(slots=tuple(slots), pattern=pattern, occurrences=count)


def _best_pattern(
    finder: SlotFinder, zones: list[str], calendar: ProgramCalendar, length: int
) -> RecurringSlot | None:
    """Try the middle of every overlap in the first cadence week, in each person's zone."""
    first = next((s for s, e in finder.common if e - s >= length), None)
    if first is None:
        return None
    best: tuple[tuple[int, date, int, int, int, int], RecurringSlot] | None = None
    for rank, zone_name in enumerate(zones):
        first_day = local_date(zone_name, first)
        for offset in range(min(calendar.cadence_days, 7)):
            day = first_day + timedelta(days=offset)
            day_lo, day_hi = day_span(zone_name, day)
            for start, end in finder.common:
                piece = _within_day(start, end, day_lo, day_hi, length)
                if piece is None:
                    continue
                middle = piece[0] + (piece[1] - piece[0] - length) // 2
                for candidate in _centred_starts(finder, piece, middle, length):
                    if not day_lo <= candidate < day_hi:
                        continue
                    pattern = RecurringSlot(
                        zone_name,
                        day,
                        local_minute_of_day(zone_name, candidate),
                        calendar.cadence_days,
                    )
                    starts = pattern.occurrences(finder.hi - length + 1)
                    hits = sum(1 for s in starts if finder.fits(s, s + length))
                    key = (
                        -hits,
                        local_date(calendar.timezone, candidate),
                        -(piece[1] - piece[0]),
                        abs(candidate - middle),
                        rank,
                        candidate,
                    )
                    if best is None or key < best[0]:
                        best = (key, pattern)
    return best[1] if best is not None else None


def _within_day(start: int, end: int, day_lo: int, day_hi: int, length: int) -> Interval | None:
    """The part of an overlap that starts on one local day (a session may run past midnight).

    Availability of 00:00-24:00 on consecutive days merges into one overlap many days long;
    looked at as a whole, its middle lies weeks away from the day being tried.
    """
    if end - start < length or end <= day_lo or start >= day_hi:
        return None
    lo = max(start, day_lo)
    hi = max(min(end, day_hi), min(end, lo + length))
    return (lo, hi) if hi - lo >= length else None


def _centred_starts(finder: SlotFinder, piece: Interval, middle: int, length: int) -> set[int]:
    """Starts near `middle`, on whole-session steps from the start of the free time around.

    Sessions laid edge to edge leave the rest of a person's window in whole sessions, so a
    person with several pairs keeps room for all of them; the step nearest the middle keeps
    a session away from the edges of the overlap when it is long. The piece itself is tried
    as well as each free part of it, since it may be taken in the first week only.
    """
    free = [
        (max(s, piece[0]), min(e, piece[1]))
        for s, e in finder.free()
        if min(e, piece[1]) - max(s, piece[0]) >= length
    ]
    step = -(-length // finder.granularity) * finder.granularity
    starts: set[int] = set()
    for lo, hi in [piece, *free]:
        first = finder.snap_within(lo, lo, hi - length)
        if first is None:
            continue
        last = (hi - length - first) // step
        below = min(max((middle - first) // step, 0), last)
        around = [first + n * step for n in (below, below + 1) if n <= last]
        starts.add(min(around, key=lambda s: (abs(s - middle), s)))
    return starts


def _lay_out(
    finder: SlotFinder, pattern: RecurringSlot, calendar: ProgramCalendar, length: int
) -> list[PlannedSlot]:
    shift = max_shift_minutes(calendar.cadence_days)
    slots: list[PlannedSlot] = []
    previous_end = finder.lo
    for nominal in pattern.occurrences(finder.hi - length + 1):
        on_pattern = nominal >= previous_end and finder.fits(nominal, nominal + length)
        start = (
            nominal
            if on_pattern
            else finder.nearest(
                nominal, length, max(previous_end, nominal - shift), nominal + shift
            )
        )
        if start is None:
            continue
        finder.book((start, start + length))
        slots.append(
            PlannedSlot(
                to_instant(start), to_instant(start + length), on_pattern, to_instant(nominal)
            )
        )
        previous_end = start + length
    return slots


def refit_sessions(
    upcoming: Sequence[Session],
    finder: SlotFinder,
    *,
    not_before: datetime,
    cadence_days: int,
) -> list[Refit]:
    """Sessions that no longer fit move to the nearest free slot, or are cancelled.

    `finder` must already count every session of the series as busy. Sessions that start
    before `not_before` are left alone: moving a meeting at short notice does more harm than
    the availability change it reacts to.
    """
    shift = max_shift_minutes(cadence_days)
    floor = to_minutes(not_before)
    changes: list[Refit] = []
    for session in sorted(upcoming, key=lambda s: s.start):
        start, end = to_minutes(session.start), to_minutes(session.end)
        if start < floor:
            continue
        finder.release((start, end))
        if finder.fits(start, end):
            finder.book((start, end))
            continue
        moved = finder.nearest(start, end - start, max(floor, start - shift), start + shift)
        if moved is None:
            changes.append(Refit(session.session_id, None))
            continue
        finder.book((moved, moved + end - start))
        changes.append(Refit(session.session_id, to_instant(moved)))
    return changes
