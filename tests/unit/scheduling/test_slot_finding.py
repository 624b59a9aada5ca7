"""Planning a whole series: time zones far apart, DST, blackouts, other pairs' sessions."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from services.scheduling.domain.planner import SeriesPlan, Unschedulable, plan_series
from tests.unit.scheduling.builders import inside_availability, local, person, program

EARLIEST = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def planned(result: SeriesPlan | Unschedulable) -> SeriesPlan:
    assert isinstance(result, SeriesPlan), result
    return result


def test_tokyo_and_san_francisco_meet_across_the_date_line() -> None:
    # Tokyo mornings are San Francisco's previous evening.
    junior = person("j", "Asia/Tokyo", ("tue", "08:00", "11:00"), ("wed", "08:00", "11:00"))
    senior = person("s", "America/Los_Angeles", ("mon", "16:00", "19:00"))
    calendar = program(timezone="Asia/Tokyo", cadence_days=14)

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    assert len(plan.slots) >= 6
    for slot in plan.slots:
        assert inside_availability(junior, slot.start, slot.end)
        assert inside_availability(senior, slot.start, slot.end)
        assert local(slot.start, "America/Los_Angeles").weekday() == 0
        assert local(slot.start, "Asia/Tokyo").weekday() == 1
    # Same local time for the anchor person all along, even though San Francisco changes to
    # summer time mid-series (so the gap in UTC is once an hour shorter).
    anchor_times = {local(s.start, "America/Los_Angeles").time() for s in plan.slots}
    assert len(anchor_times) == 1
    days = [local(s.start, "America/Los_Angeles").date() for s in plan.slots]
    assert {(b - a).days for a, b in itertools.pairwise(days)} == {14}


def test_session_sits_in_the_middle_of_the_overlap_on_whole_session_steps() -> None:
    # 10:00-14:00 holds four hours; 11:00 is the middle one that leaves whole hours around it.
    junior = person("j", "Europe/Berlin", ("wed", "10:00", "14:00"))
    senior = person("s", "Europe/Berlin", ("wed", "09:00", "18:00"))

    plan = planned(plan_series(junior, senior, program(), earliest=EARLIEST))

    first = local(plan.slots[0].start, "Europe/Berlin")
    assert (first.hour, first.minute) == (11, 0)


def test_a_junior_with_one_window_for_two_seniors_meets_both() -> None:
    # Two hours a week are two sessions: the first series must not take the middle of them.
    junior = person("j", "Europe/Berlin", ("tue", "10:00", "12:00"))
    first_senior = person("s1", "Europe/Berlin", ("tue", "09:00", "13:00"))
    second_senior = person("s2", "Europe/Berlin", ("tue", "10:00", "12:00"))

    first = planned(plan_series(junior, first_senior, program(), earliest=EARLIEST))
    busy = [(slot.start, slot.end) for slot in first.slots]
    second = planned(plan_series(junior, second_senior, program(), earliest=EARLIEST, busy=busy))

    assert len(first.slots) == len(second.slots) == 13
    for slot in second.slots:
        assert all(slot.end <= b_start or slot.start >= b_end for b_start, b_end in busy)
        assert inside_availability(junior, slot.start, slot.end)


WHOLE_WEEK = [(day, "00:00", "24:00") for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]


@pytest.mark.parametrize("end", ["24:00", "23:59"])
@pytest.mark.parametrize(
    ("junior_zone", "senior_zone"),
    [("Europe/Berlin", "Europe/Berlin"), ("America/New_York", "Asia/Tokyo")],
)
def test_available_around_the_clock_every_day_plans_a_full_series(
    end: str, junior_zone: str, senior_zone: str
) -> None:
    # 00:00-24:00 on consecutive days is one overlap weeks long, not a week of short ones.
    windows = [(day, start, end) for day, start, _ in WHOLE_WEEK]
    junior = person("j", junior_zone, *windows)
    senior = person("s", senior_zone, *windows)

    plan = planned(plan_series(junior, senior, program(), earliest=EARLIEST))

    assert len(plan.slots) == 13  # every week from 2 March to 31 May
    assert all(slot.on_pattern for slot in plan.slots)


def test_an_overlap_across_midnight_is_tried_on_the_day_it_starts() -> None:
    junior = person("j", "Europe/Berlin", ("mon", "22:00", "24:00"), ("tue", "00:00", "01:00"))
    senior = person("s", "Europe/Berlin", ("mon", "23:30", "24:00"), ("tue", "00:00", "00:30"))

    plan = planned(plan_series(junior, senior, program(), earliest=EARLIEST))

    first = local(plan.slots[0].start, "Europe/Berlin")
    assert (first.weekday(), first.hour, first.minute) == (0, 23, 30)
    assert len(plan.slots) == 13


def test_around_the_clock_on_all_days_leaves_room_for_a_second_pair() -> None:
    junior = person("j", "Europe/Berlin", *WHOLE_WEEK)
    senior = person("s", "Europe/Berlin", *WHOLE_WEEK)
    other = person("t", "Europe/Berlin", *WHOLE_WEEK)

    first = planned(plan_series(junior, senior, program(), earliest=EARLIEST))
    busy = [(slot.start, slot.end) for slot in first.slots]
    second = planned(plan_series(junior, other, program(), earliest=EARLIEST, busy=busy))

    assert len(second.slots) == 13


def test_series_keeps_the_same_weekday_and_local_time_across_a_dst_change() -> None:
    # New York moves to summer time on 8 March, Berlin on 29 March: for three weeks the
    # two cities are five hours apart instead of six. The overlap exists in every week.
    junior = person("j", "Europe/Berlin", ("tue", "14:00", "17:00"))
    senior = person("s", "America/New_York", ("tue", "09:00", "11:00"))
    calendar = program(end_date=date(2026, 4, 30))

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    assert len(plan.slots) == 9  # every Tuesday from 3 March to 28 April
    new_york_times = {
        (local(s.start, "America/New_York").weekday(), local(s.start, "America/New_York").time())
        for s in plan.slots
    }
    assert len(new_york_times) == 1
    berlin_hours = [local(s.start, "Europe/Berlin").hour for s in plan.slots]
    assert berlin_hours[1:4] == [berlin_hours[0] - 1] * 3  # the three gap weeks
    for slot in plan.slots:
        assert inside_availability(junior, slot.start, slot.end)
        assert inside_availability(senior, slot.start, slot.end)


def test_weeks_where_dst_breaks_the_only_overlap_are_skipped_not_double_guessed() -> None:
    # 09:00-10:00 New York is 15:00-16:00 Berlin, except in the three gap weeks, when it is
    # 14:00-15:00 Berlin and the junior is not free: a fixed UTC offset would get this wrong.
    junior = person("j", "Europe/Berlin", ("tue", "15:00", "17:00"))
    senior = person("s", "America/New_York", ("tue", "09:00", "10:00"))
    calendar = program(end_date=date(2026, 4, 30))

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    dates = [local(s.start, "America/New_York").date() for s in plan.slots]
    assert date(2026, 3, 10) not in dates
    assert date(2026, 3, 17) not in dates
    assert date(2026, 3, 24) not in dates
    assert date(2026, 3, 3) in dates
    assert date(2026, 3, 31) in dates
    for slot in plan.slots:
        assert inside_availability(junior, slot.start, slot.end)
        assert inside_availability(senior, slot.start, slot.end)


def test_no_common_availability_is_a_clear_outcome() -> None:
    junior = person("j", "Europe/Berlin", ("mon", "08:00", "10:00"))
    senior = person("s", "Europe/Berlin", ("mon", "10:00", "12:00"), ("tue", "08:00", "10:00"))

    result = plan_series(junior, senior, program(), earliest=EARLIEST)

    assert result == Unschedulable("no_common_availability")


def test_empty_availability_is_no_common_availability() -> None:
    junior = person("j", "Europe/Berlin")
    senior = person("s", "Europe/Berlin", ("mon", "10:00", "12:00"))

    assert plan_series(junior, senior, program(), earliest=EARLIEST) == Unschedulable(
        "no_common_availability"
    )


def test_program_that_is_over_cannot_be_planned() -> None:
    junior = person("j", "Europe/Berlin", ("mon", "08:00", "10:00"))
    senior = person("s", "Europe/Berlin", ("mon", "08:00", "10:00"))

    result = plan_series(junior, senior, program(), earliest=datetime(2026, 6, 2, tzinfo=UTC))

    assert result == Unschedulable("program_over")


def test_blackout_date_moves_that_one_session_to_a_nearby_free_day() -> None:
    junior = person("j", "Europe/Berlin", ("tue", "10:00", "12:00"), ("wed", "10:00", "12:00"))
    senior = person("s", "Europe/Berlin", ("tue", "10:00", "12:00"), ("wed", "10:00", "12:00"))
    holiday = date(2026, 3, 17)  # a Tuesday
    calendar = program(blackout_dates=frozenset({holiday}), end_date=date(2026, 3, 31))

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    days = [local(s.start, "Europe/Berlin").date() for s in plan.slots]
    assert days == [
        date(2026, 3, 3),
        date(2026, 3, 10),
        date(2026, 3, 18),  # the Wednesday after the holiday, not a lost week
        date(2026, 3, 24),
        date(2026, 3, 31),
    ]
    assert [s.on_pattern for s in plan.slots] == [True, True, False, True, True]


def test_a_pattern_that_avoids_the_blackout_altogether_is_preferred() -> None:
    junior = person("j", "Europe/Berlin", ("tue", "10:00", "12:00"), ("wed", "10:00", "12:00"))
    senior = person("s", "Europe/Berlin", ("tue", "10:00", "12:00"), ("wed", "10:00", "12:00"))
    calendar = program(blackout_dates=frozenset({date(2026, 3, 17)}), end_date=date(2026, 4, 5))

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    assert {local(s.start, "Europe/Berlin").weekday() for s in plan.slots} == {2}
    assert len(plan.slots) == 5
    assert all(s.on_pattern for s in plan.slots)


def test_blackout_date_without_an_alternative_skips_that_week() -> None:
    junior = person("j", "Europe/Berlin", ("tue", "10:00", "12:00"))
    senior = person("s", "Europe/Berlin", ("tue", "10:00", "12:00"))
    holiday = date(2026, 3, 17)
    calendar = program(blackout_dates=frozenset({holiday}), end_date=date(2026, 4, 5))

    plan = planned(plan_series(junior, senior, calendar, earliest=EARLIEST))

    days = [local(s.start, "Europe/Berlin").date() for s in plan.slots]
    assert days == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 24), date(2026, 3, 31)]


def test_a_person_with_several_pairs_is_never_double_booked() -> None:
    junior = person("j", "Europe/Berlin", ("thu", "09:00", "13:00"))
    senior = person("s", "Europe/Berlin", ("thu", "09:00", "13:00"))
    # The senior's other pair already meets in the middle of that window every Thursday.
    busy = []
    day = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)  # 11:00 Berlin
    while day.date() < date(2026, 6, 1):
        busy.append((day, day + timedelta(hours=1)))
        day += timedelta(days=7)

    plan = planned(plan_series(junior, senior, program(), earliest=EARLIEST, busy=busy))

    assert len(plan.slots) == 13
    for slot in plan.slots:
        assert all(slot.end <= b_start or slot.start >= b_end for b_start, b_end in busy)
        assert inside_availability(senior, slot.start, slot.end)


def test_every_slot_is_taken_means_no_free_dates() -> None:
    junior = person("j", "Europe/Berlin", ("thu", "09:00", "10:00"))
    senior = person("s", "Europe/Berlin", ("thu", "09:00", "10:00"))
    busy = [(datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 6, 2, tzinfo=UTC))]

    result = plan_series(junior, senior, program(), earliest=EARLIEST, busy=busy)

    assert result == Unschedulable("no_free_dates")


def test_series_starts_on_the_first_free_date_and_ends_with_the_program() -> None:
    junior = person("j", "Europe/Berlin", ("mon", "09:00", "17:00"), ("fri", "09:00", "17:00"))
    senior = person("s", "Europe/Berlin", ("mon", "09:00", "17:00"), ("fri", "09:00", "17:00"))
    earliest = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday

    plan = planned(plan_series(junior, senior, program(), earliest=earliest))

    assert local(plan.slots[0].start, "Europe/Berlin").date() == date(2026, 3, 6)
    assert local(plan.slots[-1].start, "Europe/Berlin").date() <= date(2026, 5, 31)
    assert local(plan.slots[-1].start, "Europe/Berlin").date() > date(2026, 5, 24)
