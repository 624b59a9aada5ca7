"""One matching round: encode, build candidates, solve, explain and measure."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from services.matching.domain.assignment import optimal_assignment
from services.matching.domain.availability import week_start
from services.matching.domain.candidates import CandidateGraph, build_candidate_graph, sorted_unique
from services.matching.domain.model import Pair, Participant, Policy
from services.matching.domain.population import Population, encode_population
from services.matching.domain.report import (
    blocking_pairs,
    top_k_share,
    unmatched_participants,
    upper_bound,
)
from services.matching.domain.result import (
    CandidateGraphStats,
    MatchedPair,
    MatchingResult,
    QualityReport,
    UnmatchedParticipant,
)
from services.matching.domain.scoring import CENTIPOINTS, complementarity_score
from services.matching.domain.time_capacity import SessionRoom

ProgressCallback = Callable[[str, float], None]
"""Called with a phase name and the share of the run done before it (0.0 to 1.0)."""

PHASES = ("encode", "candidates", "assignment", "report")
# Offers of the seniors whose pair had no session slot to juniors with room left.
PASSES_FOR_TIME = 4


def run_matching(
    participants: Iterable[Participant],
    policy: Policy,
    *,
    reference_week: date,
    frozen_pairs: Iterable[Pair] = (),
    forbidden_pairs: Iterable[Pair] = (),
    progress: ProgressCallback | None = None,
) -> MatchingResult:
    """Pairs the people who are still free, maximising the total score of the new pairs.

    `frozen_pairs` are active pairs from earlier rounds: kept as they are, their seniors are
    taken and their juniors have that many fewer places. `forbidden_pairs` ended earlier and
    are never formed again. `reference_week` (any day of it) fixes the calendar week on
    which availability across time zones is measured, so a run is reproducible.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        if timings:
            timings[next(reversed(timings))] = round(now - clock, 4)
        clock = now
        if name:
            timings[name] = 0.0
            if progress is not None:
                progress(name, PHASES.index(name) / len(PHASES))
        elif progress is not None:
            progress("done", 1.0)

    phase("encode")
    monday = week_start(reference_week)
    population = encode_population(participants, policy, monday, frozen_pairs, forbidden_pairs)
    phase("candidates")
    graph = build_candidate_graph(population)
    phase("assignment")
    graph, chosen, without_slot = _assign_with_time_for_every_pair(population, graph)
    phase("report")
    pairs = _explain(population, graph, chosen)
    paired = np.zeros(population.size, dtype=np.bool_)
    paired[graph.seniors[chosen]], paired[graph.juniors[chosen]] = True, True
    for junior, senior in population.frozen:
        paired[junior], paired[senior] = True, True
    unmatched = unmatched_participants(population, graph, paired)
    report = _report(population, graph, chosen, paired, unmatched, timings, without_slot)
    phase("")
    return MatchingResult(pairs=tuple(pairs), unmatched=tuple(unmatched), report=report)


def _assign_with_time_for_every_pair(
    population: Population, graph: CandidateGraph
) -> tuple[CandidateGraph, np.ndarray, int]:
    """The best assignment, then every junior's pairs each given a weekly session slot.

    A pair that finds no room beside the junior's better pairs is left out; its senior, and
    everyone still free, are then offered the juniors with places left, among the pairs that
    fit beside what those juniors already have. What is still left over after a few such
    passes is not formed. Returns the graph less the pairs left out, the chosen pairs on it,
    and how many were left out.
    """
    chosen = optimal_assignment(graph.seniors, graph.juniors, graph.scores, population.capacity)
    room = SessionRoom(population, graph)
    left_out = np.zeros(graph.size, dtype=np.bool_)
    changed: np.ndarray | None = None  # juniors whose pairs changed since the last check
    for _ in range(PASSES_FOR_TIME):
        without = room.without_a_slot(chosen, changed)
        if not without.any():
            break
        left_out |= without
        chosen &= ~without
        seniors_taken = np.zeros(population.size, dtype=np.bool_)
        seniors_taken[graph.seniors[chosen]] = True
        places = population.capacity - np.bincount(graph.juniors[chosen], minlength=population.size)
        offered = ~left_out & ~chosen & ~seniors_taken[graph.seniors]
        offered &= places[graph.juniors] > 0
        offered = room.fits_beside(chosen, offered)
        edges = np.flatnonzero(offered)
        more = optimal_assignment(
            graph.seniors[edges], graph.juniors[edges], graph.scores[edges], places
        )
        chosen[edges[more]] = True
        changed = np.zeros(population.size, dtype=np.bool_)
        changed[graph.juniors[edges[more]]] = True
    else:
        without = room.without_a_slot(chosen, changed)
        left_out |= without
        chosen &= ~without
    return graph.without(left_out), chosen[~left_out], int(left_out.sum())


def _explain(
    population: Population, graph: CandidateGraph, chosen: np.ndarray
) -> list[MatchedPair]:
    pairs = []
    for senior, junior, overlap in zip(
        graph.seniors[chosen], graph.juniors[chosen], graph.overlaps[chosen], strict=True
    ):
        explained = complementarity_score(
            population.participants[junior],
            population.participants[senior],
            population.policy,
            population.reference_week,
            tables=population.tables,
            overlap_minutes=int(overlap),
        )
        pairs.append(
            MatchedPair(
                junior_id=population.participants[junior].participant_id,
                senior_id=population.participants[senior].participant_id,
                score=explained.score,
                reasons=explained.reasons,
            )
        )
    return pairs


def _report(
    population: Population,
    graph: CandidateGraph,
    chosen: np.ndarray,
    paired: np.ndarray,
    unmatched: list[UnmatchedParticipant],
    timings: dict[str, float],
    without_slot: int,
) -> QualityReport:
    juniors, seniors = len(population.juniors), len(population.seniors)
    juniors_matched = int(paired[population.juniors].sum())
    seniors_matched = int(paired[population.seniors].sum())
    scores = graph.scores[chosen]
    total = int(scores.sum())
    bound = upper_bound(population, graph)
    return QualityReport(
        reference_week=population.reference_week,
        juniors=juniors,
        seniors=seniors,
        juniors_matched=juniors_matched,
        seniors_matched=seniors_matched,
        junior_match_rate=juniors_matched / juniors if juniors else 0.0,
        senior_match_rate=seniors_matched / seniors if seniors else 0.0,
        new_pairs=int(chosen.sum()),
        kept_pairs=len(population.frozen),
        total_score=total / CENTIPOINTS,
        mean_score=float(scores.mean()) / CENTIPOINTS if len(scores) else 0.0,
        lowest_score=int(scores.min()) / CENTIPOINTS if len(scores) else 0.0,
        upper_bound=bound / CENTIPOINTS,
        gap_to_upper_bound=(bound - total) / bound if bound else 0.0,
        top_k=population.policy.top_k,
        top_k_share=top_k_share(graph, chosen, population.policy.top_k),
        blocking_pairs=blocking_pairs(population, graph, chosen),
        pairs_without_session_slot=without_slot,
        unmatched_by_reason=dict(sorted(Counter(item.reason for item in unmatched).items())),
        candidate_graph=CandidateGraphStats(
            pairs=graph.size,
            pairs_checked=graph.pairs_checked,
            seniors_with_candidates=len(sorted_unique(graph.seniors)),
            juniors_with_candidates=len(sorted_unique(graph.juniors)),
            people_compared_with_everyone=len(graph.scanned),
        ),
        timings_seconds=timings,
    )
