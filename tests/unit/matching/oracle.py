"""Slow, obviously-correct reference answers, built only from the scalar rules and score."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from services.matching.domain import (
    Pair,
    Participant,
    Policy,
    Role,
    broken_rules,
    complementarity_score,
)
from services.matching.domain.availability import weekly_intervals_utc
from services.matching.domain.session_time import Interval, common_time, sessions_fit


def common_week(junior: Participant, senior: Participant, week: date) -> list[Interval]:
    return common_time(
        weekly_intervals_utc(junior.availability, junior.timezone, week),
        weekly_intervals_utc(senior.availability, senior.timezone, week),
    )


def best_total_centipoints(
    people: Sequence[Participant],
    policy: Policy,
    week: date,
    *,
    frozen: Sequence[Pair] = (),
    ended: Sequence[Pair] = (),
) -> int:
    """Optimum over every allowed pair, by trying every assignment of seniors to juniors:
    capacities respected, and every junior's pairs (kept ones too) each with a weekly
    session slot of their own."""
    by_id = {p.participant_id: p for p in people}
    taken = {pair.senior_id for pair in frozen}
    seniors = [p for p in people if p.role is Role.SENIOR and p.participant_id not in taken]
    juniors = [p for p in people if p.role is Role.JUNIOR]
    places = {
        j.participant_id: j.capacity_under(policy)
        - sum(pair.junior_id == j.participant_id for pair in frozen)
        for j in juniors
    }
    time_of = {
        j.participant_id: [
            common_week(j, by_id[pair.senior_id], week)
            for pair in frozen
            if pair.junior_id == j.participant_id
        ]
        for j in juniors
    }
    options: list[list[tuple[str, int, list[Interval]]]] = []
    for senior in seniors:
        allowed = []
        for junior in juniors:
            if not broken_rules(junior, senior, policy, week, ended_pairs=set(ended)):
                score = round(complementarity_score(junior, senior, policy, week).score * 100)
                allowed.append((junior.participant_id, score, common_week(junior, senior, week)))
        options.append(allowed)

    def best(position: int) -> int:
        if position == len(options):
            return 0
        result = best(position + 1)  # this senior stays unpaired
        for junior_id, score, common in options[position]:
            if places[junior_id] <= 0:
                continue
            if not sessions_fit([*time_of[junior_id], common], policy.session_minutes):
                continue
            places[junior_id] -= 1
            time_of[junior_id].append(common)
            result = max(result, score + best(position + 1))
            time_of[junior_id].pop()
            places[junior_id] += 1
        return result

    return best(0)
