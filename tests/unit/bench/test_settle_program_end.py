"""The settler counts the live pairs of a finished program as work due: matching ends them on
its next check, and their notices must be seen before a run's final count."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.load.settle import _ended

SETTINGS = {"timezone": "Pacific/Auckland", "end_date": "2027-03-06"}


def test_a_program_is_over_once_its_last_day_ends_in_its_own_time_zone() -> None:
    # 2027-03-06 11:30 UTC is 2027-03-07 00:30 in Auckland: the last day is over there.
    assert _ended(SETTINGS, datetime(2027, 3, 6, 11, 30, tzinfo=UTC))
    # 10:30 UTC is 23:30 on the last day in Auckland: not over yet, though UTC agrees either way.
    assert not _ended(SETTINGS, datetime(2027, 3, 6, 10, 30, tzinfo=UTC))


def test_the_last_day_itself_is_still_part_of_the_program() -> None:
    utc_settings = {"timezone": "UTC", "end_date": "2027-03-06"}
    assert not _ended(utc_settings, datetime(2027, 3, 6, 23, 59, tzinfo=UTC))
    assert _ended(utc_settings, datetime(2027, 3, 7, 0, 0, tzinfo=UTC))


def test_a_program_without_readable_dates_is_not_counted_as_over() -> None:
    assert not _ended({}, datetime(2030, 1, 1, tzinfo=UTC))
    assert not _ended({"timezone": "UTC", "end_date": "soon"}, datetime(2030, 1, 1, tzinfo=UTC))
