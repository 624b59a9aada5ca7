from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.domain import WeeklyWindow, week_start, weekly_overlap_minutes
from services.matching.domain.availability import AvailabilityBits, weekly_intervals_utc

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"


def windows(*spans: tuple[str, str, str]) -> tuple[WeeklyWindow, ...]:
    return tuple(WeeklyWindow(day, start, end) for day, start, end in spans)


def test_berlin_afternoon_meets_new_york_morning_only_while_just_the_us_is_on_summer_time():
    new_york = windows(("mon", "09:00", "10:00"))
    berlin = windows(("mon", "14:00", "15:00"))
    # 9 March 2025: the US switches; Europe follows on 30 March. In between they are 5h apart.
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 3, 3)) == 0
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 3, 10)) == 60
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 3, 24)) == 60
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 3, 31)) == 0


def test_autumn_gap_week_is_measured_with_each_city_on_its_own_clock():
    # Europe leaves summer time on 26 Oct 2025, the US on 2 Nov: one week 5h apart again.
    new_york = windows(("wed", "09:00", "11:00"))
    berlin = windows(("wed", "14:00", "16:00"))
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 10, 27)) == 120
    assert weekly_overlap_minutes(new_york, NEW_YORK, berlin, BERLIN, date(2025, 11, 3)) == 60


def test_tokyo_monday_morning_meets_san_francisco_sunday_afternoon():
    tokyo = windows(("mon", "08:00", "10:00"))
    san_francisco = windows(("sun", "15:00", "17:00"))
    overlap = weekly_overlap_minutes(
        tokyo, "Asia/Tokyo", san_francisco, "America/Los_Angeles", date(2025, 6, 4)
    )
    assert overlap == 60  # Sunday 23:00-24:00 UTC


def test_tokyo_and_san_francisco_office_hours_never_meet():
    office = windows(*((day, "09:00", "17:00") for day in ("mon", "tue", "wed", "thu", "fri")))
    overlap = weekly_overlap_minutes(
        office, "Asia/Tokyo", office, "America/Los_Angeles", date(2025, 6, 2)
    )
    assert overlap == 0


def test_window_across_the_spring_forward_hour_lasts_its_real_length():
    # 30 March 2025, 02:00 Berlin jumps to 03:00: 01:00-04:00 lasts two real hours.
    sunday = windows(("sun", "01:00", "04:00"))
    (interval,) = weekly_intervals_utc(sunday, BERLIN, date(2025, 3, 24))
    assert interval[1] - interval[0] == 120


def test_window_may_end_at_midnight():
    late = windows(("fri", "22:00", "24:00"))
    assert weekly_overlap_minutes(late, "UTC", late, "UTC", date(2025, 6, 2)) == 120


def test_any_day_of_a_week_names_that_week():
    assert week_start(date(2025, 3, 13)) == date(2025, 3, 10)
    assert week_start(date(2025, 3, 10)) == date(2025, 3, 10)


def test_overlapping_windows_of_one_person_are_not_counted_twice():
    doubled = windows(("mon", "09:00", "11:00"), ("mon", "10:00", "12:00"))
    single = windows(("mon", "08:00", "13:00"))
    assert weekly_overlap_minutes(doubled, BERLIN, single, BERLIN, date(2025, 6, 2)) == 180


ZONES = st.sampled_from(
    ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu",
     "Australia/Lord_Howe", "America/St_Johns", "UTC", "Pacific/Chatham"]
)  # fmt: skip
MONDAYS = st.sampled_from(
    [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 24), date(2025, 3, 31),
     date(2025, 10, 27), date(2025, 11, 3), date(2025, 4, 7), date(2025, 9, 29)]
)  # fmt: skip


@st.composite
def weekly_windows(draw: st.DrawFn) -> tuple[WeeklyWindow, ...]:
    found = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, 24 * 12 - 1)) * 5
        end = draw(st.integers(start // 5 + 1, 24 * 12)) * 5
        day = draw(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
        found.append(
            WeeklyWindow(
                day, f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"
            )
        )
    return tuple(found)


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(st.tuples(weekly_windows(), ZONES), min_size=2, max_size=6),
    monday=MONDAYS,
)
def test_bitset_overlap_equals_exact_interval_overlap(people, monday):
    bits = AvailabilityBits(people, monday)
    first, second = np.triu_indices(len(people), k=1)
    fast = bits.overlap_minutes(first.astype(np.int64), second.astype(np.int64))
    for a, b, minutes in zip(first, second, fast, strict=True):
        (windows_a, zone_a), (windows_b, zone_b) = people[a], people[b]
        assert minutes == weekly_overlap_minutes(windows_a, zone_a, windows_b, zone_b, monday)
