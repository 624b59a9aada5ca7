"""Hard rules and scores for many (senior, junior) pairs at once, on the encoded population."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from services.matching.domain.population import Population
from services.matching.domain.rules import RULE_ORDER, RuleCode

IntArray = npt.NDArray[np.int64]
ALLOWED = -1
_RANK = {rule: position for position, rule in enumerate(RULE_ORDER)}


def first_broken_rule(
    population: Population, seniors: IntArray, juniors: IntArray
) -> tuple[IntArray, IntArray]:
    """Per pair: the position in RULE_ORDER of the first broken rule (ALLOWED if none), and
    the weekly overlap in minutes (computed only for pairs that pass every other rule)."""
    overlap = np.zeros(len(seniors), dtype=np.int64)
    rule = population.blocked_rule_of(population.pair_keys(seniors, juniors))  # -1 == ALLOWED
    policy = population.policy
    checks = (
        (RuleCode.DIFFERENT_PROGRAM, lambda s, j: population.program[s] != population.program[j]),
        (
            RuleCode.SENIORITY_GAP,
            lambda s, j: population.level[s] - population.level[j] < policy.min_seniority_gap,
        ),
        (RuleCode.NO_COMMON_LANGUAGE, lambda s, j: ~_share_language(population, s, j)),
    )
    alive = np.flatnonzero(rule == ALLOWED)
    for code, broken_by in checks:
        broken = broken_by(seniors[alive], juniors[alive])
        rule[alive[broken]] = _RANK[code]
        alive = alive[~broken]
    overlap[alive] = population.availability.overlap_minutes(seniors[alive], juniors[alive])
    too_short = overlap[alive] < policy.min_weekly_overlap_minutes
    too_short[~too_short] = ~population.availability.share_a_session(
        seniors[alive[~too_short]], juniors[alive[~too_short]]
    )
    rule[alive[too_short]] = _RANK[RuleCode.NO_AVAILABILITY_OVERLAP]
    return rule, overlap


def _share_language(
    population: Population, seniors: IntArray, juniors: IntArray
) -> npt.NDArray[np.bool_]:
    shared = np.zeros(len(seniors), dtype=np.bool_)
    for word in population.languages:
        shared |= (word[seniors] & word[juniors]) != 0
    return shared


def _teaching(
    population: Population, learners: IntArray, teachers: IntArray, table: IntArray
) -> IntArray:
    points = np.zeros(len(learners), dtype=np.int64)
    flat_table = table.ravel()
    width = population.skill_level.shape[1]
    first_cell = teachers * width
    for skills, priorities in zip(
        population.goal_skill_by_slot, population.goal_priority_by_slot, strict=True
    ):
        level = population.skill_level_flat[first_cell + skills[learners]]
        points += flat_table[priorities[learners] * table.shape[1] + level]
    return points


def pair_scores(
    population: Population, seniors: IntArray, juniors: IntArray, overlap: IntArray
) -> IntArray:
    """Centipoints per pair; equal to complementarity_score x 100 for the same pair."""
    tables = population.tables
    score = np.full(len(seniors), tables.match_bonus, dtype=np.int64)
    score += _teaching(population, seniors, juniors, tables.junior_teaches)
    score += _teaching(population, juniors, seniors, tables.senior_teaches)
    score += tables.availability(overlap)
    score += np.where(
        population.department[seniors] != population.department[juniors],
        tables.cross_department,
        0,
    )
    score += tables.seniority(population.level[seniors] - population.level[juniors])
    difference = np.abs(population.utc_offset[seniors] - population.utc_offset[juniors]) % 1440
    score += tables.timezone(np.minimum(difference, 1440 - difference))
    score += np.where(
        population.location[seniors] == population.location[juniors], tables.same_location, 0
    )
    return score


def allowed_scored_pairs(
    population: Population, seniors: IntArray, juniors: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Keeps the pairs that meet every hard rule: (seniors, juniors, scores, overlaps).

    Same rules as first_broken_rule, cheapest first, since only the survivors matter here."""
    policy = population.policy
    keep = population.level[seniors] - population.level[juniors] >= policy.min_seniority_gap
    if population.program.max(initial=0) > 0:  # one program (the usual run): nothing to check
        keep &= population.program[seniors] == population.program[juniors]
    seniors, juniors = seniors[keep], juniors[keep]
    keep = _share_language(population, seniors, juniors)
    seniors, juniors = seniors[keep], juniors[keep]
    keep = population.blocked_rule_of(population.pair_keys(seniors, juniors)) < 0
    seniors, juniors = seniors[keep], juniors[keep]
    overlap = population.availability.overlap_minutes(seniors, juniors)
    keep = overlap >= policy.min_weekly_overlap_minutes
    seniors, juniors, overlap = seniors[keep], juniors[keep], overlap[keep]
    keep = population.availability.share_a_session(seniors, juniors)
    seniors, juniors, overlap = seniors[keep], juniors[keep], overlap[keep]
    return seniors, juniors, pair_scores(population, seniors, juniors, overlap), overlap
