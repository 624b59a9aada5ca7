"""Hard rules: a pair that breaks any of them is never formed, whatever its score."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum

from services.matching.domain.availability import weekly_intervals_utc
from services.matching.domain.model import Pair, Participant, Policy, Role
from services.matching.domain.session_time import common_time, earliest_start


class RuleCode(StrEnum):
    """Why a pair is not allowed; also why a person stayed unmatched."""

    EXCLUDED = "excluded"
    PREVIOUSLY_PAIRED = "previously_paired"
    REPORTING_LINE = "reporting_line"
    DIFFERENT_PROGRAM = "different_program"
    SENIORITY_GAP = "seniority_gap"
    NO_COMMON_LANGUAGE = "no_common_language"
    NO_AVAILABILITY_OVERLAP = "no_availability_overlap"  # or no whole session in common


# The order in which rules are checked when only the first broken one is counted: identity
# rules first, then the cheap comparisons, then availability (the costly one).
RULE_ORDER: tuple[RuleCode, ...] = tuple(RuleCode)


def language_key(language: str) -> str:
    return language.strip().casefold()


def broken_rules(
    junior: Participant,
    senior: Participant,
    policy: Policy,
    reference_week: date,
    *,
    ended_pairs: Collection[Pair] = (),
) -> list[RuleCode]:
    """Every hard rule the pair breaks, in RULE_ORDER; empty when the pair is allowed."""
    if junior.role is not Role.JUNIOR or senior.role is not Role.SENIOR:
        raise ValueError("broken_rules takes a junior and a senior")
    broken: list[RuleCode] = []
    if senior.participant_id in junior.exclude or junior.participant_id in senior.exclude:
        broken.append(RuleCode.EXCLUDED)
    if Pair(junior.participant_id, senior.participant_id) in ended_pairs:
        broken.append(RuleCode.PREVIOUSLY_PAIRED)
    if (
        senior.participant_id in junior.reporting_chain
        or junior.participant_id in senior.reporting_chain
    ):
        broken.append(RuleCode.REPORTING_LINE)
    if junior.program_id != senior.program_id:
        broken.append(RuleCode.DIFFERENT_PROGRAM)
    if senior.seniority_level - junior.seniority_level < policy.min_seniority_gap:
        broken.append(RuleCode.SENIORITY_GAP)
    if not {language_key(x) for x in junior.languages} & {
        language_key(x) for x in senior.languages
    }:
        broken.append(RuleCode.NO_COMMON_LANGUAGE)
    junior_week = weekly_intervals_utc(junior.availability, junior.timezone, reference_week)
    senior_week = weekly_intervals_utc(senior.availability, senior.timezone, reference_week)
    common = common_time(junior_week, senior_week)
    if (
        sum(end - start for start, end in common) < policy.min_weekly_overlap_minutes
        or earliest_start(common, 0, policy.session_minutes) is None
    ):
        broken.append(RuleCode.NO_AVAILABILITY_OVERLAP)
    return broken
