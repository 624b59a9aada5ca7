"""The settler counts the live pairs of a finished program as work due: matching ends them on
its next check, and their notices must be seen before a run's final count. Both decide "over"
with `ProgramSettings.is_over`, in the program's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bench.load.settle import _ended
from tests.unit.shared.sample_events import SETTINGS


def settings(**changes: Any) -> dict[str, Any]:
    return SETTINGS.model_copy(update=changes).model_dump(mode="json")


def test_a_program_is_over_once_its_last_day_ends_in_its_own_time_zone() -> None:
    auckland = settings(timezone="Pacific/Auckland", end_date=date(2027, 3, 6))
    # 2027-03-06 11:30 UTC is 2027-03-07 00:30 in Auckland: the last day is over there.
    assert _ended(auckland, datetime(2027, 3, 6, 11, 30, tzinfo=UTC))
    # 10:30 UTC is 23:30 on the last day in Auckland: not over yet.
    assert not _ended(auckland, datetime(2027, 3, 6, 10, 30, tzinfo=UTC))


def test_the_last_day_itself_is_still_part_of_the_program() -> None:
    utc = settings(timezone="UTC", end_date=date(2027, 3, 6))
    assert not _ended(utc, datetime(2027, 3, 6, 23, 59, tzinfo=UTC))
    assert _ended(utc, datetime(2027, 3, 7, 0, 0, tzinfo=UTC))


def test_a_program_without_readable_settings_is_not_counted_as_over() -> None:
    assert not _ended({}, datetime(2030, 1, 1, tzinfo=UTC))
    assert not _ended(settings() | {"end_date": "soon"}, datetime(2030, 1, 1, tzinfo=UTC))
