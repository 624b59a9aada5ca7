"""Indexes that suggest candidates: lists of people per (program, key, peak block).

Keys are a skill someone offers or wants (ONE_SKILL), a spoken language (LANGUAGE), or a
(junior teaches, senior teaches) skill pair (TWO_WAY). Lists are ordered best first (level
or priority, then person order); each lookup reads a window of a list, and lookups on the
same list start at staggered positions, most eager requester first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.matching.domain.population import PEAK_BLOCKS, Population

IntArray = npt.NDArray[np.int64]
ONE_SKILL, LANGUAGE, TWO_WAY = 0, 1, 2
# Peak blocks looked up per list family, relative to one's own. Two-way lists are the most
# valuable and the shortest, so they are read furthest; measured against the optimum over all
# allowed pairs, this finds more score per check than widening every family.
LOOKUP_SHIFTS: dict[int, tuple[int, ...]] = {
    ONE_SKILL: (0,),
    LANGUAGE: (-1, 0, 1),
    TWO_WAY: (-2, -1, 0, 1, 2),
}


@dataclass
class IndexLists:
    members: IntArray
    keys: IntArray
    starts: IntArray
    lengths: IntArray


@dataclass
class Lookups:
    """Windows to read, sorted by requester: members[start + (offset + t) % length]."""

    requester: IntArray
    start: IntArray
    length: IntArray
    offset: IntArray
    count: IntArray


def _memberships(
    population: Population, people: IntArray, *, teaching: bool
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """(person, family, item, weight) rows of the indexes a person is in or looks up:
    ONE_SKILL, a skill offered (weight level) or wanted (weight priority); LANGUAGE, a
    spoken language (weight 0); TWO_WAY, a (junior teaches, senior teaches) skill pair,
    the two-way fit this product is about (weight: level x priority)."""
    offered_rows, offered = np.nonzero(population.skill_level[people, :-1])
    level = population.skill_level[people[offered_rows], offered].astype(np.int64)
    wanted_rows, slots = np.nonzero(population.goal_priority[people])
    wanted = population.goal_skill[people[wanted_rows], slots].astype(np.int64)
    priority = population.goal_priority[people[wanted_rows], slots].astype(np.int64)
    one_way = (offered_rows, offered, level) if teaching else (wanted_rows, wanted, priority)
    rows, items, weights = [one_way[0]], [one_way[1].astype(np.int64)], [one_way[2]]
    families = [np.full(len(rows[0]), ONE_SKILL, np.int64)]
    for word_index, word in enumerate(population.languages):
        for bit in range(64):
            speaks = np.flatnonzero((word[people] >> np.uint64(bit)) & np.uint64(1))
            rows.append(speaks)
            items.append(np.full(len(speaks), word_index * 64 + bit, dtype=np.int64))
            weights.append(np.zeros(len(speaks), np.int64))
            families.append(np.full(len(speaks), LANGUAGE, np.int64))
    # Every offered skill of a person with every wanted skill of the same person.
    wanted_first = np.searchsorted(wanted_rows, np.arange(len(people)))
    wanted_count = np.bincount(wanted_rows, minlength=len(people))
    repeat = wanted_count[offered_rows]
    pick = np.repeat(np.arange(len(offered_rows)), repeat)
    step = np.arange(len(pick)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    other = wanted_first[offered_rows[pick]] + step
    width = population.skill_level.shape[1]
    junior_skill, senior_skill = offered[pick], wanted[other]
    if len(people) and population.is_senior[people[0]]:
        junior_skill, senior_skill = senior_skill, junior_skill
    rows.append(offered_rows[pick])
    items.append(junior_skill.astype(np.int64) * width + senior_skill)
    weights.append(level[pick] * priority[other])
    families.append(np.full(len(pick), TWO_WAY, np.int64))
    return (
        people[np.concatenate(rows)],
        np.concatenate(families),
        np.concatenate(items),
        np.concatenate(weights),
    )


def _key(
    population: Population, people: IntArray, family: IntArray, item: IntArray, block: IntArray
) -> IntArray:
    width = max(population.skill_level.shape[1] ** 2, population.languages.shape[0] * 64)
    programs = int(population.program.max(initial=0)) + 1
    key: IntArray = (
        (family * programs + population.program[people]) * width + item
    ) * PEAK_BLOCKS + block
    return key


def build_index(population: Population, providers: IntArray, *, teaching: bool) -> IndexLists:
    person, family, item, weight = _memberships(population, providers, teaching=teaching)
    keys = _key(population, person, family, item, population.peak_block[person])
    order = np.lexsort((person, -weight, keys))
    person, keys = person[order], keys[order]
    unique, starts, lengths = np.unique(keys, return_index=True, return_counts=True)
    return IndexLists(person, unique, starts.astype(np.int64), lengths.astype(np.int64))


def plan_lookups(
    population: Population,
    lists: IndexLists,
    requesters: IntArray,
    *,
    teaching: bool,
    skill_window: int,
) -> Lookups:
    person, family, item, weight = _memberships(population, requesters, teaching=teaching)
    window = np.where(family == LANGUAGE, population.policy.explore_candidates, skill_window)
    rows_per_shift, keys_per_shift = [], []
    for this_family, shifts in LOOKUP_SHIFTS.items():
        rows = np.flatnonzero(family == this_family)
        for shift in shifts:
            block = (population.peak_block[person[rows]] + shift) % PEAK_BLOCKS
            rows_per_shift.append(rows)
            keys_per_shift.append(_key(population, person[rows], family[rows], item[rows], block))
    keys = np.concatenate(keys_per_shift)
    rows = np.concatenate(rows_per_shift)
    person, weight, window = person[rows], weight[rows], window[rows]
    if not len(lists.keys):
        return Lookups(*(np.zeros(0, np.int64) for _ in range(5)))
    found = np.minimum(np.searchsorted(lists.keys, keys), len(lists.keys) - 1)
    hit = (lists.keys[found] == keys) & (window > 0)
    person, keys, weight, window, found = (
        person[hit],
        keys[hit],
        weight[hit],
        window[hit],
        found[hit],
    )
    # Stagger the windows of requests on the same list: most eager requester first.
    order = _list_then_eager_first(found, weight, person, population.size)
    person, keys, window, found = person[order], keys[order], window[order], found[order]
    rank = np.arange(len(keys)) - np.searchsorted(keys, keys, side="left")
    length = lists.lengths[found]
    offset = (rank * window) % length
    by_person = _stable_by_person(person)
    return Lookups(
        requester=person[by_person],
        start=lists.starts[found][by_person],
        length=length[by_person],
        offset=offset[by_person],
        count=np.minimum(window, length)[by_person],
    )


def _list_then_eager_first(
    found: IntArray, weight: IntArray, person: IntArray, people: int
) -> IntArray:
    """The order of np.lexsort((person, -weight, found)), by one integer key when it fits in
    64 bits: a single sort is several times faster than three stable passes."""
    if not len(found):
        return np.zeros(0, dtype=np.int64)
    lightest, heaviest = int(weight.min()), int(weight.max())
    spread = heaviest - lightest + 1
    if (int(found.max()) + 1) * spread * people >= 2**62:
        return np.lexsort((person, -weight, found))
    # Equal keys are equal (list, weight, person) rows, so an unstable sort orders the same.
    return np.argsort((found * spread + (heaviest - weight)) * people + person)


def _stable_by_person(person: IntArray) -> IntArray:
    """np.argsort(person, kind="stable"), as one sort of unique keys, which is faster."""
    rows = len(person)
    if not rows or (int(person.max()) + 1) * rows >= 2**62:
        return np.argsort(person, kind="stable")
    return np.argsort(person * rows + np.arange(rows))
