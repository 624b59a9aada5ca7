import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samples.enterprise import generate_program
from services.matching.domain import Policy, broken_rules, run_matching
from services.matching.domain import candidates as candidates_module
from services.matching.domain.assignment import optimal_assignment
from services.matching.domain.candidates import build_candidate_graph
from services.matching.domain.population import encode_population
from services.matching.domain.report import blocking_pairs, top_k_share, upper_bound
from tests.unit.matching.factories import QUIET_WEEK, junior, senior


def test_solver_maximises_total_score_not_the_number_of_pairs():
    # s0-j0 alone scores 100; the two-pair alternative (s0-j1, s1-j0) scores 80.
    seniors = np.array([0, 0, 1])
    juniors = np.array([2, 3, 2])
    scores = np.array([100, 40, 40])
    chosen = optimal_assignment(seniors, juniors, scores, np.array([0, 0, 1, 1]))
    assert chosen.tolist() == [True, False, False]


def test_solver_fills_junior_places_when_it_pays():
    seniors = np.array([0, 1, 2])
    juniors = np.array([3, 3, 3])
    scores = np.array([5, 7, 9])
    chosen = optimal_assignment(seniors, juniors, scores, np.array([0, 0, 0, 2]))
    assert chosen.tolist() == [False, True, True]


def test_blocking_pair_is_counted_when_both_sides_would_rather_switch():
    people = [
        junior("j1", teaches={"generative AI": 5}, capacity=1),
        junior("j2", teaches={"generative AI": 2}, capacity=1),
        senior("s1", wants={"generative AI": 5}),
        senior("s2", wants={"generative AI": 4}),
    ]
    population = encode_population(people, Policy(), QUIET_WEEK)
    graph = build_candidate_graph(population)
    chosen = optimal_assignment(graph.seniors, graph.juniors, graph.scores, population.capacity)
    # The optimum pairs j1 with s1 and j2 with s2: nobody can do better by switching.
    assert blocking_pairs(population, graph, chosen) == 0
    # Swapping them makes (j1, s1) a blocking pair: both score it above what they got.
    j1, j2, s1, s2 = (population.index[name] for name in ("j1", "j2", "s1", "s2"))
    swapped = ((graph.juniors == j1) & (graph.seniors == s2)) | (
        (graph.juniors == j2) & (graph.seniors == s1)
    )
    assert swapped.sum() == 2
    assert blocking_pairs(population, graph, swapped) == 1


def test_upper_bound_is_never_below_the_total_and_top_k_share_is_a_share():
    people = generate_program(300, seed=3)
    result = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    report = result.report
    assert report.upper_bound >= report.total_score > 0
    assert 0 <= report.gap_to_upper_bound < 1
    assert 0 < report.top_k_share <= 1
    assert report.lowest_score <= report.mean_score
    assert set(report.timings_seconds) == {"encode", "candidates", "assignment", "report"}
    assert report.candidate_graph.pairs > 0


def test_progress_callback_hears_every_phase_in_order():
    heard = []
    run_matching(
        [junior("j1"), senior("s1")],
        Policy(),
        reference_week=QUIET_WEEK,
        progress=lambda phase, done: heard.append((phase, done)),
    )
    assert heard == [
        ("encode", 0.0), ("candidates", 0.25), ("assignment", 0.5), ("report", 0.75), ("done", 1.0)
    ]  # fmt: skip


def test_top_k_share_counts_tied_candidates_together():
    population = encode_population([junior("j1"), junior("j2"), senior("s1")], Policy(), QUIET_WEEK)
    graph = build_candidate_graph(population)
    chosen = graph.juniors == population.index["j2"]
    assert top_k_share(graph, chosen, 1) == 1.0  # j1 and j2 score the same for s1
    assert upper_bound(population, graph) == graph.scores.max()


@pytest.fixture
def indexed_only(monkeypatch):
    """Makes even small programs build candidates through the indexes."""
    monkeypatch.setattr(candidates_module, "EXHAUSTIVE_PAIRS", 0)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000))
def test_indexed_candidates_respect_every_hard_rule(indexed_only, seed):
    people = generate_program(400, seed=seed)
    policy = Policy(max_candidates_per_senior=10, max_candidates_per_junior=6)
    result = run_matching(people, policy, reference_week=QUIET_WEEK)
    by_id = {p.participant_id: p for p in people}
    for pair in result.pairs:
        assert not broken_rules(by_id[pair.junior_id], by_id[pair.senior_id], policy, QUIET_WEEK)
    assert result.report.candidate_graph.pairs_checked < 200 * 220


def test_indexed_candidates_find_nearly_the_exhaustive_optimum(monkeypatch):
    people = generate_program(1500, seed=11)
    exhaustive = run_matching(people, Policy(), reference_week=QUIET_WEEK).report
    monkeypatch.setattr(candidates_module, "EXHAUSTIVE_PAIRS", 0)
    indexed = run_matching(people, Policy(), reference_week=QUIET_WEEK).report
    assert indexed.total_score <= exhaustive.total_score
    assert indexed.total_score >= 0.97 * exhaustive.total_score


def test_nobody_with_an_allowed_partner_is_left_without_candidates(indexed_only):
    people = generate_program(600, seed=5)
    population = encode_population(people, Policy(max_candidates_per_senior=4), QUIET_WEEK)
    graph = build_candidate_graph(population)
    reachable = set(graph.seniors.tolist()) | set(graph.juniors.tolist())
    for row, person in enumerate(graph.scanned):
        allowed = graph.scan_counts[row, candidates_module.ALLOWED_FREE]
        assert (person in reachable) == (allowed > 0)


def test_shuffled_program_gives_the_same_pairs_through_the_indexes(indexed_only):
    people = generate_program(1500, seed=2)
    shuffled = list(reversed(people))
    random.Random(4).shuffle(shuffled)
    first = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    second = run_matching(shuffled, Policy(), reference_week=QUIET_WEEK)
    assert first.pairs == second.pairs
    assert first.report.total_score == second.report.total_score


def test_empty_program_gives_an_empty_plan():
    result = run_matching([], Policy(), reference_week=QUIET_WEEK)
    assert result.pairs == ()
    assert result.unmatched == ()
    assert result.report.new_pairs == 0
