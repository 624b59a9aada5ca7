"""Quiet hours and "next morning" in the recipient's own time zone, across DST and the dateline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifications.domain.model import QuietHours
from services.notifications.domain.quiet_hours import local_date, next_local_time, quiet_until

NIGHT = QuietHours("21:00", "08:00")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "zone", "ends"),
    [
        # 22:30 in Berlin (CET): quiet until 08:00 next morning = 07:00 UTC
        (utc(2026, 1, 14, 21, 30), "Europe/Berlin", utc(2026, 1, 15, 7, 0)),
        # 06:00 in Tokyo: quiet until 08:00 the same day = 23:00 UTC the day before
        (utc(2026, 1, 13, 21, 0), "Asia/Tokyo", utc(2026, 1, 13, 23, 0)),
        # 23:45 in Kolkata (+05:30)
        (utc(2026, 1, 14, 18, 15), "Asia/Kolkata", utc(2026, 1, 15, 2, 30)),
        # 21:00 sharp in New York starts the quiet hours
        (utc(2026, 7, 1, 1, 0), "America/New_York", utc(2026, 7, 1, 12, 0)),
        # Auckland crosses the dateline relative to UTC: 02:00 local on Jan 15
        (utc(2026, 1, 14, 13, 0), "Pacific/Auckland", utc(2026, 1, 14, 19, 0)),
    ],
)
def test_message_inside_quiet_hours_waits_for_local_morning(
    now: datetime, zone: str, ends: datetime
) -> None:
    assert quiet_until(now, zone, NIGHT) == ends


@pytest.mark.parametrize(
    ("now", "zone"),
    [
        (utc(2026, 1, 14, 12, 0), "Europe/Berlin"),  # 13:00
        (utc(2026, 1, 14, 7, 0), "Europe/Berlin"),  # 08:00 sharp: quiet hours are over
        (utc(2026, 1, 14, 19, 59), "Europe/Berlin"),  # 20:59
        (utc(2026, 1, 14, 3, 0), "Asia/Tokyo"),  # 12:00
    ],
)
def test_daytime_message_is_not_held(now: datetime, zone: str) -> None:
    assert quiet_until(now, zone, NIGHT) is None


def test_same_instant_is_quiet_in_one_zone_and_daytime_in_another() -> None:
    now = utc(2026, 3, 3, 22, 0)  # 23:00 Berlin, 07:00 Tokyo (next day), 17:00 New York
    assert quiet_until(now, "Europe/Berlin", NIGHT) == utc(2026, 3, 4, 7, 0)
    assert quiet_until(now, "Asia/Tokyo", NIGHT) == utc(2026, 3, 3, 23, 0)
    assert quiet_until(now, "America/New_York", NIGHT) is None


def test_morning_after_the_spring_forward_night_uses_summer_time() -> None:
    # Berlin switches to CEST on 2026-03-29 at 02:00; 08:00 CEST is 06:00 UTC.
    assert quiet_until(utc(2026, 3, 28, 22, 0), "Europe/Berlin", NIGHT) == utc(2026, 3, 29, 6, 0)


def test_morning_after_the_fall_back_night_uses_winter_time() -> None:
    # New York returns to EST on 2026-11-01; 08:00 EST is 13:00 UTC.
    assert quiet_until(utc(2026, 11, 1, 3, 0), "America/New_York", NIGHT) == utc(2026, 11, 1, 13, 0)


def test_quiet_hours_ending_inside_the_skipped_hour_end_right_after_it() -> None:
    quiet = QuietHours("23:00", "02:30")  # 02:30 does not exist in Berlin on 2026-03-29
    ends = quiet_until(utc(2026, 3, 28, 23, 0), "Europe/Berlin", quiet)
    assert ends is not None
    assert ends > utc(2026, 3, 28, 23, 0)
    assert ends == utc(2026, 3, 29, 1, 30)  # the instant after the gap (03:30 CEST)


def test_daytime_window_is_supported() -> None:
    lunch = QuietHours("12:00", "13:30")
    assert quiet_until(utc(2026, 1, 14, 11, 15), "Europe/Berlin", lunch) == utc(2026, 1, 14, 12, 30)
    assert quiet_until(utc(2026, 1, 14, 13, 0), "Europe/Berlin", lunch) is None


def test_equal_start_and_end_means_no_quiet_hours() -> None:
    assert (
        quiet_until(utc(2026, 1, 14, 2, 0), "Europe/Berlin", QuietHours("00:00", "00:00")) is None
    )


def test_unknown_zone_is_treated_as_utc_instead_of_failing() -> None:
    assert quiet_until(utc(2026, 1, 14, 22, 0), "Mars/Olympus", NIGHT) == utc(2026, 1, 15, 8, 0)
    assert quiet_until(utc(2026, 1, 14, 22, 0), None, NIGHT) == utc(2026, 1, 15, 8, 0)


def test_next_local_time_is_strictly_in_the_future() -> None:
    assert next_local_time(utc(2026, 1, 14, 6, 0), "Europe/Berlin", "08:00") == utc(
        2026, 1, 14, 7, 0
    )
    assert next_local_time(utc(2026, 1, 14, 7, 0), "Europe/Berlin", "08:00") == utc(
        2026, 1, 15, 7, 0
    )


def test_local_date_follows_the_recipients_calendar() -> None:
    instant = utc(2026, 1, 14, 23, 30)
    assert local_date(instant, "Asia/Tokyo").isoformat() == "2026-01-15"
    assert local_date(instant, "America/Los_Angeles").isoformat() == "2026-01-14"
