"""Behaviour of one matching round on hand-made programs."""

from dataclasses import replace

import pytest

from services.matching.domain import (
    MatchingInputError,
    Pair,
    Policy,
    RuleCode,
    UnmatchedReason,
    WeeklyWindow,
    run_matching,
)
from tests.unit.matching.factories import QUIET_WEEK, junior, senior


def pairs_of(result):
    return {(pair.junior_id, pair.senior_id) for pair in result.pairs}


def reason_of(result, participant_id):
    return next(u.reason for u in result.unmatched if u.participant_id == participant_id)


def test_senior_is_never_paired_with_own_report():
    people = [junior("j1", reporting_chain=("m1", "s1")), senior("s1")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert result.pairs == ()
    assert reason_of(result, "s1") == RuleCode.REPORTING_LINE


def test_junior_is_never_paired_with_someone_they_manage():
    people = [junior("j1"), senior("s1", reporting_chain=("j1",))]
    assert run_matching(people, Policy(), reference_week=QUIET_WEEK).pairs == ()


@pytest.mark.parametrize("excluder", ["junior", "senior"])
def test_exclusion_works_from_either_side(excluder):
    people = [
        junior("j1", exclude=("s1",) if excluder == "junior" else ()),
        senior("s1", exclude=("j1",) if excluder == "senior" else ()),
    ]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert result.pairs == ()
    assert reason_of(result, "j1") == RuleCode.EXCLUDED


def test_senior_must_be_enough_levels_above_the_junior():
    people = [junior("j1", level=4), senior("s1", level=5)]
    result = run_matching(people, Policy(min_seniority_gap=2), reference_week=QUIET_WEEK)
    assert result.pairs == ()
    assert reason_of(result, "s1") == RuleCode.SENIORITY_GAP


def test_pair_needs_a_common_language():
    people = [junior("j1", languages=("German",)), senior("s1", languages=("Japanese",))]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert reason_of(result, "s1") == RuleCode.NO_COMMON_LANGUAGE


def test_languages_match_regardless_of_case():
    people = [junior("j1", languages=("english",)), senior("s1", languages=("English ",))]
    assert pairs_of(run_matching(people, Policy(), reference_week=QUIET_WEEK)) == {("j1", "s1")}


def test_pair_needs_enough_common_weekly_time():
    people = [
        junior("j1", availability=(WeeklyWindow("mon", "09:00", "09:45"),)),
        senior("s1", availability=(WeeklyWindow("mon", "09:00", "12:00"),)),
    ]
    strict = run_matching(people, Policy(min_weekly_overlap_minutes=60), reference_week=QUIET_WEEK)
    assert reason_of(strict, "s1") == RuleCode.NO_AVAILABILITY_OVERLAP
    lenient = Policy(min_weekly_overlap_minutes=45)
    # 45 minutes in common hold no 60-minute session, whatever the weekly minimum.
    assert reason_of(run_matching(people, lenient, reference_week=QUIET_WEEK), "s1") == (
        RuleCode.NO_AVAILABILITY_OVERLAP
    )
    short_sessions = Policy(min_weekly_overlap_minutes=45, session_minutes=45)
    assert pairs_of(run_matching(people, short_sessions, reference_week=QUIET_WEEK)) == {
        ("j1", "s1")
    }


def test_unmatched_reason_is_the_rule_that_ruled_out_most_partners():
    people = [
        senior("s1", languages=("Japanese",)),
        junior("j1", languages=("English",)),
        junior("j2", languages=("English",)),
        junior("j3", languages=("Japanese",), reporting_chain=("s1",)),
    ]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    unmatched = next(u for u in result.unmatched if u.participant_id == "s1")
    assert unmatched.reason == RuleCode.NO_COMMON_LANGUAGE
    assert unmatched.ruled_out == {"no_common_language": 2, "reporting_line": 1}


def test_people_whose_partners_went_elsewhere_are_told_capacity_was_taken():
    people = [junior("j1", capacity=1), senior("s1"), senior("s2")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert len(result.pairs) == 1
    (unmatched,) = result.unmatched
    assert unmatched.reason == UnmatchedReason.CAPACITY_TAKEN
    assert result.report.unmatched_by_reason == {"capacity_taken": 1}


def test_junior_with_no_capacity_is_not_paired():
    people = [junior("j1", capacity=0), senior("s1")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert reason_of(result, "j1") == UnmatchedReason.NO_CAPACITY
    assert reason_of(result, "s1") == UnmatchedReason.CAPACITY_TAKEN


def test_alone_in_a_program_means_nobody_to_pair_with():
    result = run_matching([senior("s1")], Policy(), reference_week=QUIET_WEEK)
    assert reason_of(result, "s1") == UnmatchedReason.NOBODY_TO_PAIR_WITH


def test_junior_takes_several_seniors_up_to_capacity():
    people = [junior("j1", capacity=2), senior("s1"), senior("s2"), senior("s3")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert len(result.pairs) == 2
    assert result.report.junior_match_rate == 1.0
    assert result.report.senior_match_rate == pytest.approx(2 / 3)


def test_default_capacity_comes_from_policy():
    people = [junior("j1", capacity=None), senior("s1"), senior("s2"), senior("s3")]
    result = run_matching(people, Policy(default_capacity=3), reference_week=QUIET_WEEK)
    assert len(result.pairs) == 3


def test_kept_pairs_stay_and_only_free_people_are_placed():
    people = [junior("j1", capacity=2), junior("j2"), senior("s1"), senior("s2"), senior("s3")]
    result = run_matching(
        people, Policy(), reference_week=QUIET_WEEK, frozen_pairs=[Pair("j1", "s1")]
    )
    new = pairs_of(result)
    assert all(senior_id != "s1" for _, senior_id in new)
    assert sum(junior_id == "j1" for junior_id, _ in new) <= 1
    assert len(new) == 2
    assert result.report.kept_pairs == 1
    assert result.report.seniors_matched == 3


def test_an_ended_pair_is_never_formed_again():
    people = [junior("j1"), senior("s1")]
    result = run_matching(
        people, Policy(), reference_week=QUIET_WEEK, forbidden_pairs=[Pair("j1", "s1")]
    )
    assert result.pairs == ()
    assert reason_of(result, "s1") == RuleCode.PREVIOUSLY_PAIRED


def test_junior_whose_capacity_shrank_below_kept_pairs_gets_no_new_senior():
    people = [junior("j1", capacity=1), senior("s1"), senior("s2")]
    frozen = [Pair("j1", "s1"), Pair("j1", "s2")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK, frozen_pairs=frozen)
    assert result.pairs == ()
    assert result.unmatched == ()


def test_pairs_across_programs_are_never_formed():
    people = [replace(junior("j1"), program_id="emea"), replace(senior("s1"), program_id="apac")]
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    assert reason_of(result, "s1") == RuleCode.DIFFERENT_PROGRAM


def test_best_fitting_junior_wins_the_senior():
    people = [
        junior("j1", teaches={"generative AI": 5}),
        junior("j2", teaches={"generative AI": 1}),
        senior("s1", wants={"generative AI": 5}),
    ]
    assert pairs_of(run_matching(people, Policy(), reference_week=QUIET_WEEK)) == {("j1", "s1")}


@pytest.mark.parametrize(
    ("people", "frozen", "message"),
    [
        ([junior("j1"), junior("j1")], [], "appears twice"),
        ([junior("j1"), senior("s1")], [Pair("s1", "j1")], "is not a junior"),
        ([junior("j1"), senior("s1")], [Pair("j1", "s9")], "is not a senior"),
        ([junior("j1", timezone="Mars/Olympus")], [], "unknown time zone"),
        (
            [junior("j1", capacity=2), junior("j2"), senior("s1")],
            [Pair("j1", "s1"), Pair("j2", "s1")],
            "more than one kept pair",
        ),
    ],
)
def test_contradictory_input_is_refused_with_every_problem_listed(people, frozen, message):
    with pytest.raises(MatchingInputError, match=message):
        run_matching(people, Policy(), reference_week=QUIET_WEEK, frozen_pairs=frozen)
