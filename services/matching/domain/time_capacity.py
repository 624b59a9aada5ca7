"""Which pairs of an assignment a junior has no weekly session slot for (see session_time)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from services.matching.domain.availability import weekly_intervals_utc
from services.matching.domain.candidates import CandidateGraph
from services.matching.domain.population import Population
from services.matching.domain.session_time import (
    Interval,
    common_time,
    pairs_that_fit,
    sessions_fit,
)

Mask = npt.NDArray[np.bool_]


class SessionRoom:
    """Answers, for one run, whether a junior's pairs each get a weekly session slot."""

    def __init__(self, population: Population, graph: CandidateGraph) -> None:
        self._population = population
        self._graph = graph
        self._length = population.policy.session_minutes
        self._weeks: dict[int, tuple[Interval, ...]] = {}
        self._fitting: dict[int, tuple[int, ...]] = {}  # junior -> new seniors known to fit
        self._kept: dict[int, list[int]] = defaultdict(list)
        self._kept_rooms: dict[int, int] = {}
        for junior, senior in population.frozen:
            self._kept[junior].append(senior)

    def without_a_slot(self, chosen: Mask, juniors: Mask | None = None) -> Mask:
        """Chosen pairs to leave out so every junior's pairs each get a weekly slot.

        Pairs kept from earlier rounds stay; the new pairs of a junior are taken best score
        first (then by senior order, so runs are reproducible), each only if it still fits.
        `juniors`: only these can have changed since the last call (everyone when None).
        """
        graph = self._graph
        without = np.zeros(len(chosen), dtype=np.bool_)
        load = np.bincount(graph.juniors[chosen], minlength=self._population.size)
        for junior, seniors in self._kept.items():
            load[junior] += len(seniors)
        looked_at = chosen & (load[graph.juniors] >= 2)
        if juniors is not None:
            looked_at &= juniors[graph.juniors]
        edges = np.flatnonzero(looked_at)
        edges = edges[
            np.lexsort((graph.seniors[edges], -graph.scores[edges], graph.juniors[edges]))
        ]
        if not len(edges):
            return without
        bounds = np.flatnonzero(np.diff(graph.juniors[edges], prepend=-1, append=-1))
        # A session overlaps at most two back-to-back sessions of another pair, so a junior
        # whose every pair has room for 2k - 1 of them fits all k whatever the order.
        room = self._population.availability.sessions_side_by_side(
            graph.seniors[edges], graph.juniors[edges]
        )
        least = np.minimum.reduceat(room, bounds[:-1])
        for first, last, fewest in zip(bounds[:-1], bounds[1:], least.tolist(), strict=True):
            junior = int(graph.juniors[edges[first]])
            pairs = int(load[junior])
            if fewest >= 2 * pairs - 1 and self._kept_room(junior) >= 2 * pairs - 1:
                continue
            offered = tuple(int(s) for s in graph.seniors[edges[first:last]])
            if self._fitting.get(junior) == offered:
                continue
            fits = pairs_that_fit(
                [self._common(junior, senior) for senior in self._kept[junior]],
                [self._common(junior, senior) for senior in offered],
                self._length,
            )
            without[edges[first:last][~np.array(fits, dtype=np.bool_)]] = True
            self._fitting[junior] = tuple(s for s, ok in zip(offered, fits, strict=True) if ok)
        return without

    def _kept_room(self, junior: int) -> int:
        """The fewest back-to-back sessions in the common time of the junior's kept pairs."""
        kept = self._kept.get(junior)
        if not kept:
            return 2**31
        found = self._kept_rooms.get(junior)
        if found is None:
            availability = self._population.availability
            found = self._kept_rooms[junior] = int(
                availability.sessions_side_by_side(
                    np.array(kept, dtype=np.int64), np.full(len(kept), junior, dtype=np.int64)
                ).min()
            )
        return found

    def fits_beside(self, chosen: Mask, candidates: Mask) -> Mask:
        """Which candidate pairs would each still fit beside their junior's chosen pairs."""
        graph = self._graph
        taken: dict[int, list[int]] = defaultdict(list)
        asked = np.zeros(self._population.size, dtype=np.bool_)
        asked[graph.juniors[candidates]] = True
        theirs = chosen & asked[graph.juniors]
        for junior, senior in zip(graph.juniors[theirs], graph.seniors[theirs], strict=True):
            taken[int(junior)].append(int(senior))
        fits = candidates.copy()
        for edge in np.flatnonzero(candidates):
            junior = int(graph.juniors[edge])
            busy = [*self._kept[junior], *taken[junior]]
            if busy:
                fits[edge] = sessions_fit(
                    [self._common(junior, s) for s in [*busy, int(graph.seniors[edge])]],
                    self._length,
                )
        return fits

    def _common(self, junior: int, senior: int) -> list[Interval]:
        return common_time(self._week(junior), self._week(senior))

    def _week(self, person: int) -> tuple[Interval, ...]:
        found = self._weeks.get(person)
        if found is None:
            participant = self._population.participants[person]
            found = self._weeks[person] = weekly_intervals_utc(
                participant.availability, participant.timezone, self._population.reference_week
            )
        return found
