"""Slow, obviously-correct reference answers, built only from the scalar rules and score."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy.optimize import linear_sum_assignment

from services.matching.domain import (
    Pair,
    Participant,
    Policy,
    Role,
    broken_rules,
    complementarity_score,
)


def best_total_centipoints(
    people: Sequence[Participant],
    policy: Policy,
    week: date,
    *,
    frozen: Sequence[Pair] = (),
    ended: Sequence[Pair] = (),
) -> int:
    """Optimum over every allowed pair: a dense assignment of seniors to junior places."""
    taken = {pair.senior_id for pair in frozen}
    seniors = [p for p in people if p.role is Role.SENIOR and p.participant_id not in taken]
    places: list[Participant] = []
    for junior in (p for p in people if p.role is Role.JUNIOR):
        kept = sum(pair.junior_id == junior.participant_id for pair in frozen)
        places += [junior] * max(0, junior.capacity_under(policy) - kept)
    if not seniors or not places:
        return 0
    # Leaving a senior unpaired is worth 0, like an allowed pair with no points.
    gain = np.zeros((len(seniors), max(len(places), len(seniors))), dtype=np.int64)
    for row, senior in enumerate(seniors):
        for column, junior in enumerate(places):
            if not broken_rules(junior, senior, policy, week, ended_pairs=set(ended)):
                score = complementarity_score(junior, senior, policy, week).score
                gain[row, column] = round(score * 100)
    rows, columns = linear_sum_assignment(gain, maximize=True)
    return int(gain[rows, columns].sum())
