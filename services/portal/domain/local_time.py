"""Times shown to a participant in their own zone: sessions, and a partner's weekly availability.

Weekly windows are local to their owner, so the same window lands on different hours of the
viewer's week before and after a daylight-saving change in either zone; the conversion is done
for one concrete week.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.portal.domain.availability_grid import (
    DAY_MINUTES,
    WEEKDAYS,
    Window,
    clock,
    clock_minutes,
)


@dataclass(frozen=True)
class LocalSpan:
    """A span of time as the viewer's clock shows it."""

    start: datetime
    end: datetime
    zone: str

    @property
    def utc_offset(self) -> str:
        """ "UTC+02:00" at the start (the offset that applies on that date)."""
        offset = self.start.utcoffset() or timedelta(0)
        sign = "-" if offset < timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds())) // 60
        return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def session_in_zone(start: datetime, minutes: int, zone: str) -> LocalSpan:
    """A session that starts at an aware `start` and lasts `minutes`, on the viewer's clock."""
    if start.tzinfo is None:
        raise ValueError("session start must carry its offset")
    tz = ZoneInfo(zone)
    begin_utc = start.astimezone(UTC)
    return LocalSpan(
        start=begin_utc.astimezone(tz),
        end=(begin_utc + timedelta(minutes=minutes)).astimezone(tz),
        zone=zone,
    )


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def windows_in_zone(
    windows: Iterable[Mapping[str, str]], owner_zone: str, viewer_zone: str, week_of: date
) -> list[Window]:
    """The owner's weekly windows on the viewer's clock for the week holding `week_of`.

    A window that crosses the viewer's midnight is split at it; the result is ordered by day and
    time, with touching pieces merged.
    """
    owner, viewer = ZoneInfo(owner_zone), ZoneInfo(viewer_zone)
    monday = week_start(week_of)
    pieces: list[tuple[int, int, int]] = []
    for window in windows:
        day = monday + timedelta(days=WEEKDAYS.index(window["day"]))
        start = _instant(day, clock_minutes(window["start"]), owner).astimezone(viewer)
        end = _instant(day, clock_minutes(window["end"]), owner).astimezone(viewer)
        pieces.extend(_split_at_midnight(start, end))
    return _merged(pieces)


def _instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local clock reading; a reading in a spring gap moves forward."""
    naive = datetime.combine(day, time(0)) + timedelta(minutes=minute)
    local = naive.replace(tzinfo=zone)
    return local.astimezone(UTC)


def _split_at_midnight(start: datetime, end: datetime) -> list[tuple[int, int, int]]:
    pieces: list[tuple[int, int, int]] = []
    cursor = start
    while cursor < end:
        next_midnight = datetime.combine(
            cursor.date() + timedelta(days=1), time(0), tzinfo=cursor.tzinfo
        )
        piece_end = min(end, next_midnight)
        begin = cursor.hour * 60 + cursor.minute
        finish = (
            DAY_MINUTES if piece_end == next_midnight else piece_end.hour * 60 + piece_end.minute
        )
        if finish > begin:
            pieces.append((cursor.weekday(), begin, finish))
        cursor = piece_end
    return pieces


def _merged(pieces: list[tuple[int, int, int]]) -> list[Window]:
    merged: list[list[int]] = []
    for day, begin, finish in sorted(pieces):
        if merged and merged[-1][0] == day and begin <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], finish)
        else:
            merged.append([day, begin, finish])
    return [Window(WEEKDAYS[day], clock(begin), clock(finish)) for day, begin, finish in merged]


class LocalTimeError(ValueError):
    """A clock reading the viewer typed that is not one instant; `code` names the text to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def instant_from_local_input(value: str, zone: str) -> datetime:
    """The UTC instant of a `datetime-local` form value ("2027-01-05T16:00") on the viewer's clock.

    A reading skipped by a spring-forward change is refused; one repeated in autumn is taken at
    its first occurrence (fold 0).
    """
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise LocalTimeError("start_invalid") from error
    if naive.tzinfo is not None:
        raise LocalTimeError("start_invalid")
    tz = ZoneInfo(zone)
    local = naive.replace(tzinfo=tz, second=0, microsecond=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise LocalTimeError("start_missing_hour")
    return instant
