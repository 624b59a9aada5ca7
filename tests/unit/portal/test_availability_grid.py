"""The availability grid of the profile form, and availability shown across time zones and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.portal.domain.availability_grid import (
    Cell,
    GridError,
    availability_from_form,
    cells_from_form,
    cells_from_windows,
    step_for,
    windows_from_cells,
)
from services.portal.domain.local_time import (
    LocalTimeError,
    instant_from_local_input,
    session_in_zone,
    windows_in_zone,
)
from shared.events.participants import AvailabilityWindow


def test_adjacent_cells_merge_into_one_window() -> None:
    posted = ["tue 09:00", "tue 10:00", "tue 11:00", "thu 14:00"]
    assert availability_from_form(posted, 60) == [
        {"day": "tue", "start": "09:00", "end": "12:00"},
        {"day": "thu", "start": "14:00", "end": "15:00"},
    ]


def test_half_hour_cells_and_the_last_cell_of_the_day_end_at_24_00() -> None:
    posted = ["fri 23:30", "fri 23:00", "mon 08:30"]
    assert availability_from_form(posted, 30) == [
        {"day": "mon", "start": "08:30", "end": "09:00"},
        {"day": "fri", "start": "23:00", "end": "24:00"},
    ]


def test_windows_never_cross_midnight() -> None:
    windows = availability_from_form(["mon 23:00", "tue 00:00"], 60)
    assert [(w["day"], w["start"], w["end"]) for w in windows] == [
        ("mon", "23:00", "24:00"),
        ("tue", "00:00", "01:00"),
    ]


def test_every_window_the_grid_makes_is_a_valid_contract_window() -> None:
    posted = [f"{day} {hour:02d}:00" for day in ("mon", "sun") for hour in range(0, 24, 2)]
    for window in availability_from_form(posted, 60):
        assert AvailabilityWindow.model_validate(window).day == window["day"]


def test_grid_round_trips_through_windows() -> None:
    stored = [
        {"day": "tue", "start": "09:00", "end": "12:30"},
        {"day": "sat", "start": "00:00", "end": "24:00"},
    ]
    step = step_for(stored)
    assert step == 30
    cells = cells_from_windows(stored, step)
    assert [w.as_contract() for w in windows_from_cells(cells, step)] == stored


def test_hour_grid_is_used_when_every_boundary_is_on_the_hour() -> None:
    assert step_for([{"day": "mon", "start": "09:00", "end": "24:00"}]) == 60
    assert step_for([{"day": "mon", "start": "09:15", "end": "10:00"}]) == 15


def test_a_window_off_the_grid_marks_every_cell_it_touches() -> None:
    cells = cells_from_windows([{"day": "wed", "start": "09:10", "end": "10:05"}], 60)
    assert cells == {Cell(2, 9 * 60), Cell(2, 10 * 60)}


@pytest.mark.parametrize(
    "posted",
    [["someday 09:00"], ["mon 9:00"], ["mon 09:30"], ["mon 24:00"], ["mon 25:00"], ["mon"]],
)
def test_a_cell_that_is_not_on_the_grid_is_refused(posted: list[str]) -> None:
    with pytest.raises(GridError) as refused:
        cells_from_form(posted, 60)
    assert refused.value.code == "availability_invalid"


def test_more_windows_than_the_contract_holds_is_refused() -> None:
    scattered = [
        f"{day} {hour:02d}:00"
        for day in ("mon", "tue", "wed", "thu", "fri")
        for hour in range(0, 24, 2)
    ]
    with pytest.raises(GridError) as refused:
        availability_from_form(scattered, 60)
    assert refused.value.code == "availability_too_fragmented"


def test_partner_window_moves_into_the_viewers_day_and_splits_at_midnight() -> None:
    tokyo_morning = [{"day": "tue", "start": "07:00", "end": "10:00"}]
    in_berlin = windows_in_zone(tokyo_morning, "Asia/Tokyo", "Europe/Berlin", date(2027, 1, 12))
    assert [w.as_contract() for w in in_berlin] == [
        {"day": "mon", "start": "23:00", "end": "24:00"},
        {"day": "tue", "start": "00:00", "end": "02:00"},
    ]


def test_same_window_shows_an_hour_apart_across_a_dst_change_of_only_one_zone() -> None:
    new_york_evening = [{"day": "mon", "start": "12:00", "end": "13:00"}]
    # 2027-03-14 New York springs forward; Berlin follows on 2027-03-28.
    before = windows_in_zone(
        new_york_evening, "America/New_York", "Europe/Berlin", date(2027, 3, 8)
    )
    between = windows_in_zone(
        new_york_evening, "America/New_York", "Europe/Berlin", date(2027, 3, 15)
    )
    after = windows_in_zone(new_york_evening, "America/New_York", "Europe/Berlin", date(2027, 4, 5))
    assert [w.start for w in before] == ["18:00"]
    assert [w.start for w in between] == ["17:00"]
    assert [w.start for w in after] == ["18:00"]


def test_window_on_the_night_of_the_clock_change_is_shortened_by_the_missing_hour() -> None:
    night = [{"day": "sun", "start": "01:00", "end": "04:00"}]
    in_utc = windows_in_zone(night, "Europe/Berlin", "UTC", date(2027, 3, 28))
    assert [w.as_contract() for w in in_utc] == [{"day": "sun", "start": "00:00", "end": "02:00"}]


def test_session_time_in_the_viewers_zone_follows_dst() -> None:
    winter = session_in_zone(datetime(2027, 1, 5, 15, 0, tzinfo=UTC), 60, "Europe/Berlin")
    summer = session_in_zone(datetime(2027, 7, 6, 15, 0, tzinfo=UTC), 60, "Europe/Berlin")
    assert (winter.start.hour, winter.end.hour, winter.utc_offset) == (16, 17, "UTC+01:00")
    assert (summer.start.hour, summer.end.hour, summer.utc_offset) == (17, 18, "UTC+02:00")


def test_session_across_the_fall_back_hour_lasts_its_minutes_on_the_clock_of_utc() -> None:
    span = session_in_zone(datetime(2027, 11, 7, 5, 30, tzinfo=UTC), 60, "America/New_York")
    assert span.start.strftime("%H:%M") == "01:30"
    assert span.end.strftime("%H:%M") == "01:30"
    assert span.utc_offset == "UTC-04:00"


def test_session_time_without_an_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        session_in_zone(datetime(2027, 1, 5, 15, 0), 60, "Europe/Berlin")


def test_a_new_start_typed_on_the_viewers_clock_becomes_its_utc_instant() -> None:
    assert instant_from_local_input("2027-07-06T17:00", "Europe/Berlin") == datetime(
        2027, 7, 6, 15, 0, tzinfo=UTC
    )
    assert instant_from_local_input("2027-01-05T17:00", "Europe/Berlin") == datetime(
        2027, 1, 5, 16, 0, tzinfo=UTC
    )


def test_a_start_in_the_hour_skipped_by_the_clock_change_is_refused() -> None:
    with pytest.raises(LocalTimeError) as refused:
        instant_from_local_input("2027-03-28T02:30", "Europe/Berlin")
    assert refused.value.code == "start_missing_hour"


def test_a_start_in_the_repeated_autumn_hour_is_its_first_occurrence() -> None:
    assert instant_from_local_input("2027-10-31T02:30", "Europe/Berlin") == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize("typed", ["", "tomorrow", "2027-01-05T17:00+01:00"])
def test_a_start_that_is_not_a_local_date_and_time_is_refused(typed: str) -> None:
    with pytest.raises(LocalTimeError) as refused:
        instant_from_local_input(typed, "Europe/Berlin")
    assert refused.value.code == "start_invalid"
