"""When both members of a pair are free, on one member's clock, across zones and DST changes."""

from __future__ import annotations

from datetime import date

from services.matching.domain.shared_week import shared_windows

BERLIN_MORNING = [{"day": "tue", "start": "09:00", "end": "12:00"}]
TOKYO_AFTERNOON = [{"day": "tue", "start": "15:00", "end": "19:00"}]


def test_a_tokyo_afternoon_meets_a_berlin_morning_for_two_hours_in_winter() -> None:
    found = shared_windows(
        BERLIN_MORNING, "Europe/Berlin", TOKYO_AFTERNOON, "Asia/Tokyo", date(2027, 1, 12)
    )
    assert found == [{"day": "tue", "start": "09:00", "end": "11:00"}]


def test_once_berlin_moves_its_clocks_the_same_windows_meet_for_three_hours() -> None:
    found = shared_windows(
        BERLIN_MORNING, "Europe/Berlin", TOKYO_AFTERNOON, "Asia/Tokyo", date(2027, 4, 13)
    )
    assert found == [{"day": "tue", "start": "09:00", "end": "12:00"}]


def test_in_the_weeks_new_york_has_moved_and_berlin_not_yet_the_overlap_shrinks() -> None:
    mine = [{"day": "mon", "start": "14:00", "end": "20:00"}]
    theirs = [{"day": "mon", "start": "08:00", "end": "14:00"}]
    assert shared_windows(mine, "Europe/Berlin", theirs, "America/New_York", date(2027, 1, 11)) == [
        {"day": "mon", "start": "14:00", "end": "20:00"}
    ]
    assert shared_windows(mine, "Europe/Berlin", theirs, "America/New_York", date(2027, 3, 15)) == [
        {"day": "mon", "start": "14:00", "end": "19:00"}
    ]


def test_their_evening_is_my_next_day_after_midnight() -> None:
    mine = [{"day": "wed", "start": "00:00", "end": "02:00"}]
    theirs = [{"day": "tue", "start": "17:00", "end": "20:00"}]
    found = shared_windows(mine, "Europe/Berlin", theirs, "America/New_York", date(2027, 1, 12))
    assert found == [{"day": "wed", "start": "00:00", "end": "02:00"}]


def test_no_overlap_and_no_windows_give_nothing() -> None:
    friday = [{"day": "fri", "start": "09:00", "end": "10:00"}]
    berlin = "Europe/Berlin"
    assert shared_windows(BERLIN_MORNING, berlin, friday, berlin, date(2027, 1, 12)) == []
    assert shared_windows([], berlin, friday, berlin, date(2027, 1, 12)) == []
