import numpy as np
import pytest

from services.matching.domain import Policy, Weights, complementarity_score
from services.matching.domain.candidates import build_candidate_graph
from services.matching.domain.population import encode_population
from services.matching.domain.scoring import PointTables
from tests.unit.matching.factories import QUIET_WEEK, junior, senior


def test_reason_names_the_skill_the_junior_teaches_with_priority_and_level():
    explained = complementarity_score(
        junior("j1", teaches={"generative AI": 4}),
        senior("s1", wants={"generative AI": 5}),
        Policy(weights=Weights(junior_teaches=0.6)),
        QUIET_WEEK,
    )
    texts = [reason.text for reason in explained.reasons]
    assert "junior teaches 'generative AI' (senior priority 5, junior level 4): +12.00" in texts


def test_score_counts_both_directions_of_teaching():
    explained = complementarity_score(
        junior("j1", teaches={"TikTok": 3}, wants={"Negotiation": 4}),
        senior("s1", wants={"tiktok": 2}, teaches={"negotiation": 5}),
        Policy(),
        QUIET_WEEK,
    )
    codes = {reason.code: reason.points for reason in explained.reasons}
    assert codes["junior_teaches"] == pytest.approx(0.6 * 2 * 3)
    assert codes["senior_teaches"] == pytest.approx(0.4 * 4 * 5)


def test_cross_department_pair_earns_its_bonus_and_same_department_does_not():
    policy = Policy()
    across = complementarity_score(
        junior("j1", department="Sales"), senior("s1", department="Legal"), policy, QUIET_WEEK
    )
    inside = complementarity_score(
        junior("j1", department="Sales"), senior("s1", department="Sales"), policy, QUIET_WEEK
    )
    assert across.score - inside.score == pytest.approx(policy.weights.cross_department)


def test_zero_weight_terms_give_no_reason():
    policy = Policy(weights=Weights(same_location=0.0, cross_department=0.0))
    explained = complementarity_score(junior("j1"), senior("s1"), policy, QUIET_WEEK)
    codes = {reason.code for reason in explained.reasons}
    assert "same_location" not in codes
    assert "cross_department" not in codes


def test_availability_points_stop_at_the_policy_cap():
    tables = PointTables(Policy(availability_cap_minutes=120))
    assert tables.availability_one(120) == tables.availability_one(600) == 400


def test_scalar_and_vector_points_agree_for_every_input():
    tables = PointTables(Policy(weights=Weights(availability_per_hour=1.7, timezone_closeness=2.9)))
    minutes = np.arange(0, 10081)
    vector = tables.availability(minutes)
    assert all(vector[m] == tables.availability_one(int(m)) for m in minutes)
    distances = np.arange(0, 721)
    vector = tables.timezone(distances)
    assert all(vector[d] == tables.timezone_one(int(d)) for d in distances)


def test_candidate_scores_equal_the_explained_scores():
    people = [
        junior(f"j{n}", teaches={"generative AI": 1 + n % 5, "python": 2}, department=f"D{n % 3}",
               timezone=["Europe/Berlin", "Europe/London", "Asia/Kolkata"][n % 3])
        for n in range(8)
    ] + [
        senior(f"s{n}", wants={"generative AI": 1 + n % 5, "Python": 4}, level=5 + n % 5,
               department=f"D{n % 2}", location=["Berlin", "Paris"][n % 2])
        for n in range(8)
    ]  # fmt: skip
    policy = Policy(min_weekly_overlap_minutes=0)
    population = encode_population(people, policy, QUIET_WEEK)
    graph = build_candidate_graph(population)
    assert graph.size > 0
    for s, j, score in zip(graph.seniors, graph.juniors, graph.scores, strict=True):
        explained = complementarity_score(
            population.participants[j], population.participants[s], policy, QUIET_WEEK
        )
        assert round(explained.score * 100) == score
