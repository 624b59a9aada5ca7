"""Reference answers the engine is measured against: dense exact assignment and greedy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from services.matching.domain.candidates import CandidateGraph
from services.matching.domain.pair_batch import allowed_scored_pairs
from services.matching.domain.population import Population

IntArray = npt.NDArray[np.int64]


def dense_optimum(
    seniors: IntArray, juniors: IntArray, scores: IntArray, capacity: IntArray
) -> int:
    """Exact optimum over the given pairs: linear_sum_assignment on a matrix of seniors x
    junior places (each junior repeated once per free place), 0 meaning "not paired"."""
    if not len(seniors):
        return 0
    senior_ids, rows = np.unique(seniors, return_inverse=True)
    junior_ids, junior_of_pair = np.unique(juniors, return_inverse=True)
    places = capacity[junior_ids]
    first_place = np.concatenate(([0], np.cumsum(places)[:-1]))
    gain = np.zeros((len(senior_ids), max(int(places.sum()), len(senior_ids))), dtype=np.int64)
    for copy in range(int(places.max())):
        usable = copy < places[junior_of_pair]
        gain[rows[usable], first_place[junior_of_pair[usable]] + copy] = scores[usable]
    picked_rows, picked_columns = linear_sum_assignment(gain, maximize=True)
    return int(gain[picked_rows, picked_columns].sum())


def greedy_total(graph: CandidateGraph, capacity: IntArray) -> int:
    """Best remaining pair first, as simple matching tools do."""
    free = capacity.copy()
    total = 0
    order = np.lexsort((graph.juniors, graph.seniors, -graph.scores))
    for senior, junior, score in zip(
        graph.seniors[order].tolist(),
        graph.juniors[order].tolist(),
        graph.scores[order].tolist(),
        strict=True,
    ):
        if free[senior] and free[junior]:
            free[senior] -= 1
            free[junior] -= 1
            total += score
    return total


def all_allowed_pairs(population: Population) -> tuple[IntArray, IntArray, IntArray]:
    """Every allowed pair with its score, without any pruning (small programs only)."""
    seniors = population.seniors[population.capacity[population.seniors] > 0]
    juniors = population.juniors[population.capacity[population.juniors] > 0]
    found: list[list[IntArray]] = [[], [], []]
    for first in range(0, len(seniors), 256):
        block = seniors[first : first + 256]
        s, j, scores, _ = allowed_scored_pairs(
            population, np.repeat(block, len(juniors)), np.tile(juniors, len(block))
        )
        for bucket, values in zip(found, (s, j, scores), strict=True):
            bucket.append(values)
    s, j, scores = (np.concatenate(bucket) for bucket in found)
    return s, j, scores
