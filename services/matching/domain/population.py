"""Participants of one run encoded as arrays, so rules and scores run vectorised.

People are ordered by participant_id; every later tie is broken by that order, which is
what makes a run independent of the input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b

import numpy as np
import numpy.typing as npt

from services.matching.domain.availability import (
    AvailabilityBits,
    is_known_timezone,
    utc_offset_minutes,
)
from services.matching.domain.model import Pair, Participant, Policy, Role
from services.matching.domain.rules import RULE_ORDER, RuleCode, language_key
from services.matching.domain.scoring import PointTables, goal_priorities, offered_levels

IntArray = npt.NDArray[np.int64]
PEAK_BLOCKS = 8  # 3-hour blocks of the UTC day, see AvailabilityBits.peak_block


class MatchingInputError(ValueError):
    """The participants and pairs given to a run contradict each other."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def _codes(values: Sequence[str]) -> IntArray:
    vocabulary = {value: code for code, value in enumerate(sorted(set(values)))}
    return np.array([vocabulary[value] for value in values], dtype=np.int64)


_BITMAP_BITS = 22
_MIX_SENIOR = np.uint64(0x9E3779B97F4A7C15)
_MIX_JUNIOR = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX_FINAL = np.uint64(0x94D049BB133111EB)


def _id_hash(participant_id: str) -> int:
    return int.from_bytes(blake2b(participant_id.encode(), digest_size=8).digest(), "little")


def _bitmap_slot(keys: IntArray) -> IntArray:
    mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing
    return (mixed >> np.uint64(64 - _BITMAP_BITS)).astype(np.int64)


@dataclass
class Population:
    participants: tuple[Participant, ...]
    index: dict[str, int]
    is_senior: npt.NDArray[np.bool_]
    seniors: IntArray
    juniors: IntArray
    program: IntArray
    level: IntArray
    department: IntArray
    location: IntArray
    utc_offset: IntArray
    peak_block: IntArray
    languages: npt.NDArray[np.uint64]  # (words, people)
    availability: AvailabilityBits
    skill_level: npt.NDArray[np.uint8]  # (people, skills + 1); last column is "no skill"
    goal_skill: npt.NDArray[np.int32]  # (people, most goals), padded with the "no skill" column
    goal_priority: npt.NDArray[np.int8]
    skill_names: tuple[str, ...]
    capacity: IntArray  # what is still free in this round
    blocked_keys: IntArray  # senior * people + junior, sorted
    blocked_rule: IntArray  # position in RULE_ORDER
    frozen: tuple[tuple[int, int], ...]  # (junior, senior)
    tables: PointTables
    policy: Policy
    reference_week: date

    @property
    def size(self) -> int:
        return len(self.participants)

    def __post_init__(self) -> None:
        self.id_hash = np.array(
            [_id_hash(person.participant_id) for person in self.participants], dtype=np.uint64
        )
        # Per-slot contiguous goal columns and a flat level table make the per-pair gathers
        # of the teaching terms one-dimensional, which numpy does several times faster.
        self.goal_skill_by_slot = np.ascontiguousarray(self.goal_skill.T, dtype=np.int64)
        self.goal_priority_by_slot = np.ascontiguousarray(self.goal_priority.T, dtype=np.int64)
        self.skill_level_flat = self.skill_level.ravel()
        # Few pairs are blocked; a hashed bitmap answers "certainly not blocked" for most
        # pairs without a binary search.
        self._maybe_blocked = np.zeros(1 << _BITMAP_BITS, dtype=np.bool_)
        self._maybe_blocked[_bitmap_slot(self.blocked_keys)] = True

    def blocked_rule_of(self, keys: IntArray) -> IntArray:
        """Position in RULE_ORDER of the identity rule blocking each pair key, or -1."""
        rule = np.full(len(keys), -1, dtype=np.int64)
        maybe = np.flatnonzero(self._maybe_blocked[_bitmap_slot(keys)])
        if len(maybe):
            found = np.minimum(np.searchsorted(self.blocked_keys, keys[maybe]),
                               len(self.blocked_keys) - 1)  # fmt: skip
            hit = self.blocked_keys[found] == keys[maybe]
            rule[maybe[hit]] = self.blocked_rule[found[hit]]
        return rule

    def pair_keys(self, seniors: IntArray, juniors: IntArray) -> IntArray:
        return seniors * self.size + juniors

    def pair_tiebreak(self, seniors: IntArray, juniors: IntArray) -> npt.NDArray[np.uint64]:
        """A hash of each pair's two participant ids: the same pair ranks the same in every
        run, and people with equal scores spread over each other's candidates."""
        mixed = self.id_hash[seniors] * _MIX_SENIOR + self.id_hash[juniors] * _MIX_JUNIOR
        mixed ^= mixed >> np.uint64(31)
        mixed *= _MIX_FINAL
        mixed ^= mixed >> np.uint64(29)
        return mixed


def _check(
    people: Sequence[Participant], frozen: Sequence[Pair], ended: Sequence[Pair]
) -> list[str]:
    problems: list[str] = []
    roles: dict[str, Role] = {}
    for person in people:
        if person.participant_id in roles:
            problems.append(f"participant {person.participant_id!r} appears twice")
        roles[person.participant_id] = person.role
        if not is_known_timezone(person.timezone):
            problems.append(f"{person.participant_id!r}: unknown time zone {person.timezone!r}")
    seniors_taken: set[str] = set()
    for label, pairs in (("kept", frozen), ("ended", ended)):
        for pair in pairs:
            if roles.get(pair.junior_id) is not Role.JUNIOR:
                problems.append(f"{label} pair {pair}: {pair.junior_id!r} is not a junior here")
            if roles.get(pair.senior_id) is not Role.SENIOR:
                problems.append(f"{label} pair {pair}: {pair.senior_id!r} is not a senior here")
    for pair in frozen:
        if pair.senior_id in seniors_taken:
            problems.append(f"senior {pair.senior_id!r} is in more than one kept pair")
        seniors_taken.add(pair.senior_id)
    if set(frozen) & set(ended):
        problems.append("a pair is both kept and ended")
    return problems


def _blocked(
    people: Sequence[Participant], index: dict[str, int], ended: Iterable[Pair]
) -> tuple[IntArray, IntArray]:
    size = len(people)
    rank = {rule: position for position, rule in enumerate(RULE_ORDER)}
    keys: list[int] = []
    rules: list[int] = []

    def block(first: int, second: int, rule: RuleCode) -> None:
        first_senior = people[first].role is Role.SENIOR
        senior, junior = (first, second) if first_senior else (second, first)
        if people[senior].role is Role.SENIOR and people[junior].role is Role.JUNIOR:
            keys.append(senior * size + junior)
            rules.append(rank[rule])

    for position, person in enumerate(people):
        for other in person.exclude:
            if other in index:
                block(position, index[other], RuleCode.EXCLUDED)
        for manager in person.reporting_chain:
            if manager in index:
                block(position, index[manager], RuleCode.REPORTING_LINE)
    for pair in ended:
        block(index[pair.senior_id], index[pair.junior_id], RuleCode.PREVIOUSLY_PAIRED)
    key_array = np.array(keys, dtype=np.int64)
    rule_array = np.array(rules, dtype=np.int64)
    # Several rules can block the same pair; keep the first in RULE_ORDER.
    order = np.lexsort((rule_array, key_array))
    key_array, rule_array = key_array[order], rule_array[order]
    first = np.ones(len(key_array), dtype=np.bool_)
    first[1:] = key_array[1:] != key_array[:-1]
    return key_array[first], rule_array[first]


def _skills(
    people: Sequence[Participant],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32], npt.NDArray[np.int8], tuple[str, ...]]:
    offered = [offered_levels(person.skills_offered) for person in people]
    goals = [goal_priorities(person.learning_goals) for person in people]
    # Only skills somebody wants to learn can earn points.
    names = sorted({key for person_goals in goals for key in person_goals})
    column = {name: position for position, name in enumerate(names)}
    missing = len(names)
    levels = np.zeros((len(people), missing + 1), dtype=np.uint8)
    widest = max((len(person_goals) for person_goals in goals), default=0)
    goal_skill = np.full((len(people), max(widest, 1)), missing, dtype=np.int32)
    goal_priority = np.zeros((len(people), max(widest, 1)), dtype=np.int8)
    for row, (person_offered, person_goals) in enumerate(zip(offered, goals, strict=True)):
        for name, level in person_offered.items():
            if name in column:
                levels[row, column[name]] = level
        for slot, (name, (_, priority)) in enumerate(sorted(person_goals.items())):
            goal_skill[row, slot] = column[name]
            goal_priority[row, slot] = priority
    return levels, goal_skill, goal_priority, tuple(names)


def encode_population(
    participants: Iterable[Participant],
    policy: Policy,
    reference_week: date,
    frozen_pairs: Iterable[Pair] = (),
    forbidden_pairs: Iterable[Pair] = (),
) -> Population:
    people = tuple(sorted(participants, key=lambda person: person.participant_id))
    frozen, ended = sorted(set(frozen_pairs), key=str), sorted(set(forbidden_pairs), key=str)
    problems = _check(people, frozen, ended)
    if problems:
        raise MatchingInputError(problems)
    index = {person.participant_id: position for position, person in enumerate(people)}
    is_senior = np.array([person.role is Role.SENIOR for person in people], dtype=np.bool_)
    availability = AvailabilityBits(
        [(person.availability, person.timezone) for person in people],
        reference_week,
        policy.session_minutes,
        counted=~is_senior,
    )
    language_names = sorted({language_key(x) for person in people for x in person.languages})
    bit = {name: position for position, name in enumerate(language_names)}
    languages = np.zeros(((len(language_names) + 63) // 64 or 1, len(people)), dtype=np.uint64)
    for row, person in enumerate(people):
        for name in {language_key(x) for x in person.languages}:
            languages[bit[name] // 64, row] |= np.uint64(1 << (bit[name] % 64))
    capacity = np.array([person.capacity_under(policy) for person in people], dtype=np.int64)
    # A junior takes no more pairs than sessions fit side by side in their week; one who
    # has no room for even one is ruled out pair by pair, which explains it better.
    capacity[~is_senior] = np.minimum(
        capacity[~is_senior], np.maximum(availability.session_capacity[~is_senior], 1)
    )
    frozen_index = tuple((index[pair.junior_id], index[pair.senior_id]) for pair in frozen)
    for junior, senior in frozen_index:
        capacity[senior] = 0
        capacity[junior] = max(0, capacity[junior] - 1)
    levels, goal_skill, goal_priority, names = _skills(people)
    blocked_keys, blocked_rule = _blocked(people, index, ended)
    return Population(
        participants=people,
        index=index,
        is_senior=is_senior,
        seniors=np.flatnonzero(is_senior).astype(np.int64),
        juniors=np.flatnonzero(~is_senior).astype(np.int64),
        program=_codes([person.program_id for person in people]),
        level=np.array([person.seniority_level for person in people], dtype=np.int64),
        department=_codes([person.department for person in people]),
        location=_codes([person.location for person in people]),
        utc_offset=np.array(
            [utc_offset_minutes(person.timezone, reference_week) for person in people],
            dtype=np.int64,
        ),
        peak_block=availability.peak_block,
        languages=languages,
        availability=availability,
        skill_level=levels,
        goal_skill=goal_skill,
        goal_priority=goal_priority,
        skill_names=names,
        capacity=capacity,
        blocked_keys=blocked_keys,
        blocked_rule=blocked_rule,
        frozen=frozen_index,
        tables=PointTables(policy),
        policy=policy,
        reference_week=reference_week,
    )
