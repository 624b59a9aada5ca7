"""Hard rules, capacities and optimality on random small programs."""

import random
from collections import Counter
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.matching.domain import (
    LearningGoal,
    Pair,
    Participant,
    Policy,
    Role,
    SkillLevel,
    WeeklyWindow,
    broken_rules,
    run_matching,
)
from services.matching.domain.session_time import sessions_fit
from tests.unit.matching.oracle import best_total_centipoints, common_week

SKILLS = ("generative AI", "social media", "negotiation", "strategy", "python")
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London")
WEEKS = (date(2025, 3, 10), date(2025, 6, 2), date(2025, 10, 27))
WINDOW_CHOICES = (
    WeeklyWindow("mon", "09:00", "11:00"),
    WeeklyWindow("mon", "14:00", "17:30"),
    WeeklyWindow("tue", "08:00", "09:15"),
    WeeklyWindow("wed", "18:00", "22:00"),
    WeeklyWindow("sun", "20:00", "24:00"),
)


@st.composite
def programs(draw: st.DrawFn, most: int = 9) -> tuple[list[Participant], list[Pair], list[Pair]]:
    count = draw(st.integers(2, most))
    ids = [f"p{n}" for n in range(count)]
    people = []
    for person_id in ids:
        role = draw(st.sampled_from([Role.JUNIOR, Role.SENIOR]))
        skills = draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))
        goals = draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))
        others = [other for other in ids if other != person_id]
        people.append(
            Participant(
                participant_id=person_id,
                role=role,
                display_name=person_id,
                email=f"{person_id}@example.com",
                department=draw(st.sampled_from(["Finance", "Engineering"])),
                location=draw(st.sampled_from(["Berlin", "Tokyo"])),
                timezone=draw(st.sampled_from(ZONES)),
                languages=tuple(
                    draw(st.lists(st.sampled_from(["English", "German", "Japanese"]),
                                  min_size=1, max_size=2, unique=True))
                ),
                seniority_level=draw(st.integers(1, 10)),
                reporting_chain=tuple(draw(st.lists(st.sampled_from(others), max_size=2))),
                skills_offered=tuple(SkillLevel(s, draw(st.integers(1, 5))) for s in skills),
                learning_goals=tuple(LearningGoal(s, draw(st.integers(1, 5))) for s in goals),
                availability=tuple(
                    draw(st.lists(st.sampled_from(WINDOW_CHOICES), min_size=1, max_size=3))
                ),
                capacity=draw(st.integers(0, 3)) if role is Role.JUNIOR else None,
                exclude=tuple(draw(st.lists(st.sampled_from(others), max_size=1))),
            )
        )  # fmt: skip
    juniors = [p.participant_id for p in people if p.role is Role.JUNIOR]
    seniors = [p.participant_id for p in people if p.role is Role.SENIOR]
    all_pairs = [Pair(j, s) for j in juniors for s in seniors]
    chosen = (
        draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=3)) if all_pairs else []
    )
    frozen, seen = [], set()
    for pair in chosen[:2]:
        if pair.senior_id not in seen:
            frozen.append(pair)
            seen.add(pair.senior_id)
    ended = [pair for pair in chosen[2:] if pair not in frozen]
    return people, frozen, ended


POLICIES = st.builds(
    Policy,
    min_seniority_gap=st.integers(0, 4),
    min_weekly_overlap_minutes=st.sampled_from([0, 30, 60, 120]),
    default_capacity=st.integers(1, 2),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_no_pair_ever_breaks_a_hard_rule(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    by_id = {p.participant_id: p for p in people}
    for pair in result.pairs:
        junior, senior = by_id[pair.junior_id], by_id[pair.senior_id]
        assert broken_rules(junior, senior, policy, week, ended_pairs=set(ended)) == []
        assert Pair(pair.junior_id, pair.senior_id) not in ended


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_every_junior_has_a_weekly_session_slot_for_each_of_their_pairs(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    by_id = {p.participant_id: p for p in people}
    for junior_id in {pair.junior_id for pair in result.pairs}:
        junior = by_id[junior_id]
        pairs = [p for p in [*frozen, *result.pairs] if p.junior_id == junior_id]
        time = [common_week(junior, by_id[p.senior_id], week) for p in pairs]
        # Pairs kept from earlier rounds are kept as they are; the new ones must fit.
        kept = [
            t for t, p in zip(time, pairs, strict=True) if Pair(p.junior_id, p.senior_id) in frozen
        ]
        if sessions_fit(kept, policy.session_minutes):
            assert sessions_fit(time, policy.session_minutes)


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_capacities_are_never_exceeded_and_kept_pairs_stay(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    by_id = {p.participant_id: p for p in people}
    new_seniors = Counter(pair.senior_id for pair in result.pairs)
    assert all(count == 1 for count in new_seniors.values())
    assert not set(new_seniors) & {pair.senior_id for pair in frozen}
    kept = Counter(pair.junior_id for pair in frozen)
    for junior_id, count in Counter(pair.junior_id for pair in result.pairs).items():
        assert count <= by_id[junior_id].capacity_under(policy) - kept[junior_id]
    assert result.report.kept_pairs == len(frozen)


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_total_score_equals_the_brute_force_optimum(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    total = sum(round(pair.score * 100) for pair in result.pairs)
    best = best_total_centipoints(people, policy, week, frozen=frozen, ended=ended)
    # The solver's optimum respects each junior's weekly room in number of sessions; only
    # when a chosen pair then found no slot of its own may the round fall short of the best.
    assert total <= best
    if result.report.pairs_without_session_slot == 0:
        assert total == best
    assert round(result.report.total_score * 100) == total


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_every_pair_score_is_the_sum_of_its_reasons(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    for pair in result.pairs:
        assert round(sum(reason.points for reason in pair.reasons) * 100) == round(pair.score * 100)


@SETTINGS
@given(program=programs(most=14), seed=st.integers(0, 1000))
def test_input_order_does_not_change_the_pairs(program, seed):
    people, frozen, ended = program
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    week = date(2025, 6, 2)
    first = run_matching(people, Policy(), reference_week=week, frozen_pairs=frozen,
                         forbidden_pairs=ended)  # fmt: skip
    second = run_matching(shuffled, Policy(), reference_week=week,
                          frozen_pairs=list(reversed(frozen)), forbidden_pairs=ended)  # fmt: skip
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched


@SETTINGS
@given(program=programs(), policy=POLICIES, week=st.sampled_from(WEEKS))
def test_everyone_is_either_paired_or_explained(program, policy, week):
    people, frozen, ended = program
    result = run_matching(
        people, policy, reference_week=week, frozen_pairs=frozen, forbidden_pairs=ended
    )
    paired = {p.junior_id for p in [*result.pairs, *frozen]} | {
        p.senior_id for p in [*result.pairs, *frozen]
    }
    unmatched = {item.participant_id for item in result.unmatched}
    assert paired | unmatched == {p.participant_id for p in people}
    assert not paired & unmatched
