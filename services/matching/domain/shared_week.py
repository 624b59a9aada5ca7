"""When two people are both free in one concrete week, on one of their clocks.

Weekly windows are local to their owner ({"day": "tue", "start": "09:00", "end": "12:00"}), so
two people in different zones overlap differently before and after a daylight-saving change;
the overlap is computed for the week holding a given date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
Span = tuple[datetime, datetime]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _spans(windows: Iterable[Mapping[str, str]], zone: ZoneInfo, monday: date) -> list[Span]:
    """The windows as UTC instants in the owner's week starting `monday` (and the days around
    it, so that a window the other zone sees in this week is not missed)."""
    spans: list[Span] = []
    for week in (-1, 0, 1):
        for window in windows:
            day = monday + timedelta(days=7 * week + WEEKDAYS.index(window["day"]))
            midnight = datetime.combine(day, time(0), tzinfo=zone)
            start = midnight + timedelta(minutes=_minutes(window["start"]))
            end = midnight + timedelta(minutes=_minutes(window["end"]))
            spans.append((start.astimezone(UTC), end.astimezone(UTC)))
    return spans


def shared_windows(
    mine: Iterable[Mapping[str, str]],
    my_zone: str,
    theirs: Iterable[Mapping[str, str]],
    their_zone: str,
    week_of: date,
) -> list[dict[str, str]]:
    """When both are free in my week holding `week_of`, on my clock, split at my midnights."""
    me, them = ZoneInfo(my_zone), ZoneInfo(their_zone)
    monday = week_of - timedelta(days=week_of.weekday())
    week_start = datetime.combine(monday, time(0), tzinfo=me).astimezone(UTC)
    week_end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=me).astimezone(UTC)
    pieces: list[tuple[int, int, int]] = []
    for a_start, a_end in _spans(mine, me, monday):
        for b_start, b_end in _spans(theirs, them, monday):
            start = max(a_start, b_start, week_start)
            end = min(a_end, b_end, week_end)
            cursor = start.astimezone(me)
            while cursor < end.astimezone(me):
                next_midnight = datetime.combine(
                    cursor.date() + timedelta(days=1), time(0), tzinfo=me
                )
                piece_end = min(end.astimezone(me), next_midnight)
                begin = cursor.hour * 60 + cursor.minute
                finish = (
                    DAY_MINUTES
                    if piece_end == next_midnight
                    else piece_end.hour * 60 + piece_end.minute
                )
                if finish > begin:
                    pieces.append((cursor.weekday(), begin, finish))
                cursor = piece_end
    merged: list[list[int]] = []
    for day, begin, finish in sorted(pieces):
        if merged and merged[-1][0] == day and begin <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], finish)
        else:
            merged.append([day, begin, finish])
    return [
        {"day": WEEKDAYS[day], "start": _clock(begin), "end": _clock(finish)}
        for day, begin, finish in merged
    ]
