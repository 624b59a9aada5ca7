"""Quality figures of an assignment on its candidate graph."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from services.matching.domain.candidates import (
    ALLOWED_FREE,
    ALLOWED_FULL,
    CandidateGraph,
    best_first,
    sorted_unique,
)
from services.matching.domain.model import Role
from services.matching.domain.population import Population
from services.matching.domain.result import UnmatchedParticipant, UnmatchedReason
from services.matching.domain.rules import RULE_ORDER

IntArray = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


def blocking_pairs(population: Population, graph: CandidateGraph, chosen: Mask) -> int:
    """Candidate pairs (s, j) not formed although both would gain: s is unmatched or scores
    j above its partner, and j has a free place or scores s above its weakest new senior.
    Pair scores stand for both sides' preferences; ties do not block."""
    partner = np.full(population.size, -1, dtype=np.int64)
    partner[graph.seniors[chosen]] = graph.scores[chosen]
    load = np.bincount(graph.juniors[chosen], minlength=population.size)
    weakest = np.full(population.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(weakest, graph.juniors[chosen], graph.scores[chosen])
    weakest[load < population.capacity] = -1
    blocking = (
        ~chosen & (graph.scores > partner[graph.seniors]) & (graph.scores > weakest[graph.juniors])
    )
    return int(blocking.sum())


def upper_bound(population: Population, graph: CandidateGraph) -> int:
    """Centipoints no assignment on the graph can exceed: the smaller of (a) every senior
    getting its best candidate and (b) every junior filling its places with its best
    candidates, each counted over at most as many pairs as could be formed."""
    if not graph.size:
        return 0
    first = np.ones(graph.size, dtype=np.bool_)
    first[1:] = graph.seniors[1:] != graph.seniors[:-1]
    senior_best = graph.scores[first]
    # Junior, then best score first; rows that tie are equal, so one plain sort will do.
    order = best_first(graph.juniors, graph.scores, np.zeros(graph.size, dtype=np.int64))
    juniors, scores = graph.juniors[order], graph.scores[order]
    rank = np.arange(len(juniors)) - np.searchsorted(juniors, juniors, side="left")
    junior_best = scores[rank < population.capacity[juniors]]
    places = int(population.capacity[sorted_unique(graph.juniors)].sum())
    pairs = min(len(senior_best), places)
    return int(
        min(
            np.sort(senior_best)[::-1][:pairs].sum(),
            np.sort(junior_best)[::-1][:pairs].sum(),
        )
    )


def top_k_share(graph: CandidateGraph, chosen: Mask, top_k: int) -> float:
    """Share of chosen pairs whose score has fewer than top_k better candidates of the
    senior (ties share a rank)."""
    if not chosen.any():
        return 0.0
    width = int(graph.scores.max()) + 1
    key = graph.seniors * width + (width - 1 - graph.scores)  # ascending in graph order
    rank = np.searchsorted(key, key, side="left") - np.searchsorted(
        graph.seniors, graph.seniors, side="left"
    )
    return float((rank[chosen] < top_k).mean())


def unmatched_participants(
    population: Population, graph: CandidateGraph, paired: Mask
) -> list[UnmatchedParticipant]:
    in_graph = np.zeros(population.size, dtype=np.bool_)
    in_graph[graph.seniors], in_graph[graph.juniors] = True, True
    degree = np.bincount(graph.seniors, minlength=population.size) + np.bincount(
        graph.juniors, minlength=population.size
    )
    scanned_row = {int(person): row for row, person in enumerate(graph.scanned)}
    unmatched = []
    for person in np.flatnonzero(~paired):
        participant = population.participants[person]
        ruled_out: dict[str, int] = {}
        if population.capacity[person] == 0:
            reason, detail = UnmatchedReason.NO_CAPACITY.value, "takes no senior this round"
        elif in_graph[person]:
            reason = UnmatchedReason.CAPACITY_TAKEN.value
            detail = f"all {degree[person]} allowed candidates went to pairs that score more"
        elif int(person) not in scanned_row:
            # Its only candidates were left out: no weekly session slot beside their pairs.
            reason = UnmatchedReason.CAPACITY_TAKEN.value
            detail = "allowed candidates have no session slot left beside their other pairs"
        else:
            counts = graph.scan_counts[scanned_row[int(person)]]
            ruled_out = {
                rule.value: int(counts[column])
                for column, rule in enumerate(RULE_ORDER)
                if counts[column]
            }
            reason, detail = _reason_from_counts(counts, participant.role)
        unmatched.append(
            UnmatchedParticipant(
                participant_id=participant.participant_id,
                role=participant.role,
                reason=reason,
                detail=detail,
                ruled_out=ruled_out,
            )
        )
    return unmatched


def _reason_from_counts(counts: IntArray, role: Role) -> tuple[str, str]:
    others = "seniors" if role is Role.JUNIOR else "juniors"
    possible = int(counts.sum())
    allowed = int(counts[ALLOWED_FREE] + counts[ALLOWED_FULL])
    if possible == 0:
        return UnmatchedReason.NOBODY_TO_PAIR_WITH.value, f"no {others} in this run"
    if allowed:
        return (
            UnmatchedReason.CAPACITY_TAKEN.value,
            f"{allowed} allowed {others}, none with a free place for this pair",
        )
    rule_counts = counts[: len(RULE_ORDER)]
    top = int(np.argmax(rule_counts))
    return (
        RULE_ORDER[top].value,
        f"{RULE_ORDER[top].value} rules out {rule_counts[top]} of {possible} {others}",
    )
