"""A pair that is announced can meet: a whole session in common, and room beside the
junior's other pairs (what scheduling needs to plan every series)."""

from datetime import date

from services.matching.domain import (
    Pair,
    Policy,
    RuleCode,
    UnmatchedReason,
    WeeklyWindow,
    broken_rules,
    run_matching,
)
from services.matching.domain.availability import AvailabilityBits
from services.matching.domain.session_time import sessions_fit, sessions_in
from tests.unit.matching.factories import QUIET_WEEK, junior, senior

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def pairs_of(result):
    return {(pair.junior_id, pair.senior_id) for pair in result.pairs}


def unmatched(result):
    return {u.participant_id: u.reason for u in result.unmatched}


def test_two_half_hours_in_common_hold_no_hour_long_session():
    # 60 minutes a week in common, but never 60 minutes at a stretch.
    j = junior("j1", availability=(WeeklyWindow("mon", "09:00", "09:30"),
                                   WeeklyWindow("tue", "09:00", "09:30")))  # fmt: skip
    s = senior("s1", availability=(WeeklyWindow("mon", "09:00", "12:00"),
                                   WeeklyWindow("tue", "09:00", "12:00")))  # fmt: skip

    assert broken_rules(j, s, Policy(), QUIET_WEEK) == [RuleCode.NO_AVAILABILITY_OVERLAP]
    result = run_matching([j, s], Policy(), reference_week=QUIET_WEEK)
    assert result.pairs == ()
    assert unmatched(result)["s1"] == RuleCode.NO_AVAILABILITY_OVERLAP
    assert broken_rules(j, s, Policy(session_minutes=30), QUIET_WEEK) == []


def test_a_junior_with_one_free_hour_a_week_takes_one_senior_whatever_their_capacity():
    hour = (WeeklyWindow("wed", "10:00", "11:00"),)
    people = [junior("j1", capacity=3, availability=hour), senior("s1"), senior("s2")]

    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)

    assert len(result.pairs) == 1
    left = ({"s1", "s2"} - {pair.senior_id for pair in result.pairs}).pop()
    assert unmatched(result)[left] == UnmatchedReason.CAPACITY_TAKEN


def test_two_free_hours_hold_two_seniors_back_to_back():
    two_hours = (WeeklyWindow("wed", "10:00", "12:00"),)
    people = [junior("j1", capacity=3, availability=two_hours), senior("s1"), senior("s2")]

    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)

    assert pairs_of(result) == {("j1", "s1"), ("j1", "s2")}


def test_seniors_who_can_only_make_the_same_hour_do_not_share_a_junior():
    # The junior has two hours, but both seniors can only make the first one: one pair is
    # formed, and the other senior goes to a junior who has time for them.
    people = [
        junior("j1", capacity=2, availability=(WeeklyWindow("wed", "10:00", "12:00"),)),
        junior("j2", capacity=1, teaches={"generative AI": 1}),
        senior("s1", availability=(WeeklyWindow("wed", "10:00", "11:00"),)),
        senior("s2", availability=(WeeklyWindow("wed", "10:00", "11:00"),)),
    ]

    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)

    assert {senior_id for _, senior_id in pairs_of(result)} == {"s1", "s2"}
    assert sum(junior_id == "j1" for junior_id, _ in pairs_of(result)) == 1
    assert result.report.pairs_without_session_slot == 1


def test_a_kept_pair_keeps_its_hour_and_a_new_pair_needs_another():
    hour = (WeeklyWindow("wed", "10:00", "11:00"),)
    people = [junior("j1", capacity=2, availability=hour), senior("s1"), senior("s2")]

    result = run_matching(
        people, Policy(), reference_week=QUIET_WEEK, frozen_pairs=[Pair("j1", "s1")]
    )

    assert result.pairs == ()
    assert unmatched(result)["s2"] == UnmatchedReason.CAPACITY_TAKEN


def test_time_capacity_counts_whole_sessions_on_the_quarter_hour():
    people = [
        ((WeeklyWindow("mon", "09:10", "11:10"),), "Europe/Berlin"),
        ((WeeklyWindow("mon", "09:00", "11:00"),), "Europe/Berlin"),
        (tuple(WeeklyWindow(day, "00:00", "24:00") for day in EVERY_DAY), "Asia/Kolkata"),
    ]
    bits = AvailabilityBits(people, QUIET_WEEK, session_minutes=60)
    # 09:15-10:15 fits, 10:15-11:15 does not; around the clock holds every hour of the week,
    # even where local midnight is not a UTC hour.
    assert bits.session_capacity.tolist() == [1, 2, 168]


def test_around_the_clock_every_day_overlaps_every_minute_of_the_week():
    whole_week = tuple(WeeklyWindow(day, "00:00", "24:00") for day in EVERY_DAY)
    j = junior("j1", availability=whole_week, timezone="America/New_York")
    s = senior("s1", availability=whole_week, timezone="Asia/Tokyo")

    assert broken_rules(j, s, Policy(), QUIET_WEEK) == []
    assert pairs_of(run_matching([j, s], Policy(), reference_week=date(2025, 3, 10))) == {
        ("j1", "s1")
    }


def test_pairs_fit_in_every_order_or_not_at_all():
    # Pair A can only meet at 10:00, pair B at 10:00 or 11:00: B must take 11:00.
    only_ten, ten_or_eleven = [(600, 660)], [(600, 720)]
    assert sessions_fit([ten_or_eleven, only_ten], 60)
    assert not sessions_fit([only_ten, only_ten], 60)
    assert sessions_fit([ten_or_eleven, ten_or_eleven], 60)
    assert not sessions_fit([ten_or_eleven, ten_or_eleven, ten_or_eleven], 60)
    assert sessions_in([(605, 725)], 60) == 1  # starts on the quarter hour: 10:15 only
    assert sessions_in([(600, 705)], 50) == 1  # 50-minute sessions start an hour apart
