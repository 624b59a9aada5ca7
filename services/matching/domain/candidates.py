"""The candidate graph: the allowed pairs worth giving to the solver, without scoring all pairs.

Small programs (up to EXHAUSTIVE_PAIRS free pairs) check every pair. Beyond that, scoring
every (senior, junior) pair is quadratic, so candidates come from indexes (candidate_index),
all split by program and by the 3-hour block of the UTC day in which people are most
available, and looked up in one's own block and, depending on the list, the next ones:
- two-way lists: juniors who offer skill A and want skill B, for seniors who want A and
  offer B: the pairs that learn in both directions (own block and two either side);
- skill lists: people who offer one skill, for those who want it, best level first;
- explore lists: people who speak a language, whatever their skills, so a person whose goals
  nobody offers still gets allowed candidates (own block and one either side).
Lookups on the same list start at staggered positions, so seniors who want a popular skill
are spread over all the juniors who offer it instead of queueing for the same few. Lookups
run from both sides (seniors find juniors, juniors find seniors). Every candidate is checked
against the hard rules and scored; each senior keeps its best `max_candidates_per_senior`,
each junior its best `max_candidates_per_junior`, and the graph is the union. Anyone left
without a candidate is compared with every possible partner, so nobody stays unmatched only
because an index missed them; that comparison also explains why they are unmatched.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.matching.domain.candidate_index import build_index, plan_lookups
from services.matching.domain.pair_batch import (
    ALLOWED,
    allowed_scored_pairs,
    first_broken_rule,
    pair_scores,
)
from services.matching.domain.population import Population
from services.matching.domain.rules import RULE_ORDER

IntArray = npt.NDArray[np.int64]
UintArray = npt.NDArray[np.uint64]
# Bits of the pair hash kept in the one-integer sort key (fewer when groups and scores need more).
TIEBREAK_BITS = 32
# Small programs compare every free senior with every free junior instead of using indexes.
EXHAUSTIVE_PAIRS = 1_000_000
REQUESTERS_PER_CHUNK = 2048
# Each skill lookup reads max(8, limit // 4) entries; measured against the optimum over all
# allowed pairs, wider windows mostly add checks, not score.
WINDOW_SHARE = 4
SCAN_PAIRS_PER_CHUNK = 2_000_000
CHUNK_THREADS = 2
# Columns of CandidateGraph.scan_counts after the RULE_ORDER columns.
ALLOWED_FREE, ALLOWED_FULL = len(RULE_ORDER), len(RULE_ORDER) + 1


@dataclass
class CandidateGraph:
    seniors: IntArray  # sorted by senior, then best score first, then junior
    juniors: IntArray
    scores: IntArray  # centipoints
    overlaps: IntArray
    pairs_checked: int
    scanned: IntArray  # people compared with everyone, because no index found them a candidate
    scan_counts: IntArray  # per scanned person: partners per first broken rule, allowed free/full

    @property
    def size(self) -> int:
        return len(self.seniors)

    def without(self, dropped: npt.NDArray[np.bool_]) -> CandidateGraph:
        """The same graph less some pairs (order kept); how it was built stays as it was."""
        keep = ~dropped
        return CandidateGraph(
            seniors=self.seniors[keep],
            juniors=self.juniors[keep],
            scores=self.scores[keep],
            overlaps=self.overlaps[keep],
            pairs_checked=self.pairs_checked,
            scanned=self.scanned,
            scan_counts=self.scan_counts,
        )


def best_first(groups: IntArray, scores: IntArray, others: IntArray) -> IntArray:
    """Order by group, then highest score, then lowest other index."""
    if not len(groups):
        return np.zeros(0, dtype=np.int64)
    # One integer sort key is several times faster than a three-key lexsort.
    people = int(max(groups.max(), others.max())) + 1
    spread = int(scores.max()) - int(scores.min()) + 1
    return np.argsort((groups * spread + (int(scores.max()) - scores)) * people + others)


def best_per_requester(
    requesters: IntArray, providers: IntArray, scores: IntArray, limit: int, tiebreak: UintArray
) -> npt.NDArray[np.bool_]:
    """Mask of each requester's `limit` best pairs; equal scores are ordered by `tiebreak`
    (a hash of the pair's two ids, see Population.pair_tiebreak). Breaking ties by index
    would give identical people the same few candidates, and a uniform program then pairs
    only as many people as those few can take."""
    if not len(requesters):
        return np.zeros(0, dtype=np.bool_)
    order = _best_first_then_hashed(requesters, scores, tiebreak)
    ranked = requesters[order]
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    rank = np.arange(len(ranked)) - np.repeat(starts, np.diff(np.append(starts, len(ranked))))
    keep = np.zeros(len(requesters), dtype=np.bool_)
    keep[order[rank < limit]] = True
    return keep


def _best_first_then_hashed(groups: IntArray, scores: IntArray, tiebreak: UintArray) -> IntArray:
    """Order by group, then highest score, then tiebreak; one integer key when it fits."""
    spread = int(scores.max()) - int(scores.min()) + 1
    ranks = (int(groups.max()) + 1) * spread
    bits = min(TIEBREAK_BITS, 62 - ranks.bit_length())
    if bits < 16:
        return np.lexsort((tiebreak, -scores, groups))
    hashed = (tiebreak >> np.uint64(64 - bits)).astype(np.int64)
    return np.argsort(((groups * spread + (int(scores.max()) - scores)) << bits) | hashed)


def _indexed_pairs(
    population: Population, requesters: IntArray, providers: IntArray, limit: int
) -> tuple[list[IntArray], int]:
    """Best `limit` allowed candidates per requester, found through the indexes."""
    if not len(requesters) or not len(providers):
        return [np.zeros(0, np.int64)] * 4, 0
    seniors_ask = bool(population.is_senior[requesters[0]])
    lists = build_index(population, providers, teaching=seniors_ask)
    requests = plan_lookups(
        population,
        lists,
        requesters,
        teaching=not seniors_ask,
        skill_window=max(8, limit // WINDOW_SHARE),
    )
    size = population.size

    def chunk(first: int, last: int) -> tuple[list[IntArray], int]:
        count = requests.count[first:last]

        def each(values: IntArray) -> IntArray:  # a lookup's value once per entry it reads
            return np.repeat(values[first:last], count)

        step = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        position = each(requests.start) + (each(requests.offset) + step) % each(requests.length)
        keys = sorted_unique(each(requests.requester) * size + lists.members[position])
        asking = keys // size
        offered = keys - asking * size
        seniors, juniors = (asking, offered) if seniors_ask else (offered, asking)
        seniors, juniors, scores, overlaps = allowed_scored_pairs(population, seniors, juniors)
        keep = best_per_requester(
            seniors if seniors_ask else juniors,
            juniors if seniors_ask else seniors,
            scores,
            limit,
            population.pair_tiebreak(seniors, juniors),
        )
        return [values[keep] for values in (seniors, juniors, scores, overlaps)], len(keys)

    cut = np.searchsorted(requests.requester, requesters[::REQUESTERS_PER_CHUNK])
    bounds = [*cut.tolist(), len(requests.requester)]
    # numpy releases the GIL in its loops, so chunks overlap on a second core; results are
    # joined in chunk order, so the graph is the same as one chunk after the other.
    with ThreadPoolExecutor(max_workers=CHUNK_THREADS) as pool:
        done = list(pool.map(chunk, bounds[:-1], bounds[1:]))
    kept = [np.concatenate([part[column] for part, _ in done]) for column in range(4)]
    return kept, sum(checked for _, checked in done)


def _scan(
    population: Population, people: IntArray, limit: int
) -> tuple[list[IntArray], IntArray, int]:
    """Compares each person with every possible partner: best allowed free partners, and
    how many partners each rule rules out."""
    kept: list[list[IntArray]] = [[], [], [], []]
    counts = np.zeros((len(people), ALLOWED_FULL + 1), dtype=np.int64)
    checked = 0
    for role_is_senior in (True, False):
        mine = people[population.is_senior[people] == role_is_senior]
        partners = population.juniors if role_is_senior else population.seniors
        rows = np.searchsorted(people, mine)
        per_chunk = max(1, SCAN_PAIRS_PER_CHUNK // max(1, len(partners)))
        for first in range(0, len(mine), per_chunk):
            asking = np.repeat(mine[first : first + per_chunk], len(partners))
            row = np.repeat(rows[first : first + per_chunk], len(partners))
            offered = np.tile(partners, len(asking) // max(1, len(partners)))
            checked += len(asking)
            seniors, juniors = (asking, offered) if role_is_senior else (offered, asking)
            rule, overlaps = first_broken_rule(population, seniors, juniors)
            column = np.where(rule == ALLOWED, ALLOWED_FREE, rule)
            column[(rule == ALLOWED) & (population.capacity[offered] == 0)] = ALLOWED_FULL
            np.add.at(counts, (row, column), 1)
            usable = column == ALLOWED_FREE
            seniors, juniors, overlaps = seniors[usable], juniors[usable], overlaps[usable]
            scores = pair_scores(population, seniors, juniors, overlaps)
            keep = best_per_requester(
                asking[usable],
                offered[usable],
                scores,
                limit,
                population.pair_tiebreak(seniors, juniors),
            )
            for bucket, values in zip(kept, (seniors, juniors, scores, overlaps), strict=True):
                bucket.append(values[keep])
    empty = [np.zeros(0, np.int64)]
    return [np.concatenate(bucket + empty) for bucket in kept], counts, checked


def build_candidate_graph(population: Population) -> CandidateGraph:
    policy = population.policy
    free_seniors = population.seniors[population.capacity[population.seniors] > 0]
    free_juniors = population.juniors[population.capacity[population.juniors] > 0]
    if len(free_seniors) * len(free_juniors) <= EXHAUSTIVE_PAIRS:
        seniors, juniors, scores, overlaps = allowed_scored_pairs(
            population,
            np.repeat(free_seniors, len(free_juniors)),
            np.tile(free_juniors, len(free_seniors)),
        )
        tiebreak = population.pair_tiebreak(seniors, juniors)
        keep = best_per_requester(
            seniors, juniors, scores, policy.max_candidates_per_senior, tiebreak
        ) | best_per_requester(juniors, seniors, scores, policy.max_candidates_per_junior, tiebreak)
        seniors, juniors, scores, overlaps = (
            seniors[keep],
            juniors[keep],
            scores[keep],
            overlaps[keep],
        )
        checked = len(free_seniors) * len(free_juniors)
    else:
        from_seniors, checked_s = _indexed_pairs(
            population, free_seniors, free_juniors, policy.max_candidates_per_senior
        )
        from_juniors, checked_j = _indexed_pairs(
            population, free_juniors, free_seniors, policy.max_candidates_per_junior
        )
        parts = [np.concatenate(pair) for pair in zip(from_seniors, from_juniors, strict=True)]
        seniors, juniors, scores, overlaps = _unique_pairs(population, *parts)
        checked = checked_s + checked_j
    linked = np.zeros(population.size, dtype=np.bool_)
    linked[seniors], linked[juniors] = True, True
    lonely = np.flatnonzero((population.capacity > 0) & ~linked)
    found, scan_counts, checked_scan = _scan(
        population,
        lonely,
        max(policy.max_candidates_per_senior, policy.max_candidates_per_junior),
    )
    if len(found[0]):
        seniors, juniors, scores, overlaps = _unique_pairs(
            population,
            *(
                np.concatenate(pair)
                for pair in zip((seniors, juniors, scores, overlaps), found, strict=True)
            ),
        )
    order = best_first(seniors, scores, juniors)
    return CandidateGraph(
        seniors=seniors[order],
        juniors=juniors[order],
        scores=scores[order],
        overlaps=overlaps[order],
        pairs_checked=checked + checked_scan,
        scanned=lonely,
        scan_counts=scan_counts,
    )


def sorted_unique(values: IntArray) -> IntArray:
    # np.unique hashes unsorted integers, which is several times slower than a sort here.
    values = np.sort(values)
    first = np.ones(len(values), dtype=np.bool_)
    first[1:] = values[1:] != values[:-1]
    return values[first]


def _unique_pairs(
    population: Population,
    seniors: IntArray,
    juniors: IntArray,
    scores: IntArray,
    overlaps: IntArray,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    keys = population.pair_keys(seniors, juniors)
    order = np.argsort(keys)  # duplicates are the same pair with the same score
    first = np.ones(len(keys), dtype=np.bool_)
    first[1:] = keys[order][1:] != keys[order][:-1]
    keep = order[first]
    return seniors[keep], juniors[keep], scores[keep], overlaps[keep]
