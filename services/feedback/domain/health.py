"""Pair health: one score from ratings, attendance, answered requests and activity.

Each signal gives a component in [0, 1]; every shortfall subtracts its weighted share from a
perfect 1.0. The weights are set so that one serious problem on its own (a run of poor ratings,
most sessions missed, weeks without meeting) pulls a pair under a typical threshold, while a
single bad session or one forgotten form does not. Thin evidence is pulled towards a neutral
prior, so a pair is not flagged on its very first data point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from services.feedback.domain.model import Ratings, Role

RiskReason = Literal[
    "low_ratings", "missed_sessions", "unanswered_feedback", "inactive", "low_psychological_safety"
]
Component = Literal["ratings", "attendance", "responsiveness", "activity"]

_REASON_OF: dict[Component, RiskReason] = {
    "ratings": "low_ratings",
    "attendance": "missed_sessions",
    "responsiveness": "unanswered_feedback",
    "activity": "inactive",
}


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    start: datetime
    attendance: float  # 1.0 both came, 0.5 one came, 0.0 missed


@dataclass(frozen=True, slots=True)
class RatedAnswer:
    session_start: datetime
    role: Role
    ratings: Ratings
    would_continue: bool


@dataclass(frozen=True, slots=True)
class AskedRequest:
    due_at: datetime
    answered: bool


@dataclass(frozen=True, slots=True)
class HealthSignals:
    paired_at: datetime | None = None
    last_session_at: datetime | None = None
    sessions: tuple[SessionOutcome, ...] = ()
    answers: tuple[RatedAnswer, ...] = ()
    requests: tuple[AskedRequest, ...] = ()


@dataclass(frozen=True, slots=True)
class HealthRules:
    weights: dict[Component, float] = field(
        default_factory=lambda: {
            "ratings": 0.8,
            "attendance": 0.8,
            "responsiveness": 0.6,
            "activity": 0.7,
        }
    )
    ratings_prior: float = 0.8
    ratings_prior_strength: float = 2.0
    attendance_prior_strength: float = 1.0
    responsiveness_prior_strength: float = 1.0
    recency_half_life_sessions: float = 2.0
    would_not_continue_factor: float = 0.5
    activity_full_cadences: float = 1.5
    activity_zero_cadences: float = 4.0
    inactive_after_cadences: float = 2.0
    low_ratings_below: float = 0.5
    missed_sessions_below: float = 0.75
    unanswered_below: float = 0.5
    unsafe_at_or_below: int = 2
    recovery_margin: float = 0.1
    window_sessions: int = 6


DEFAULT_RULES = HealthRules()


@dataclass(frozen=True, slots=True)
class Assessment:
    score: float
    components: dict[Component, float]
    concerns: tuple[RiskReason, ...]
    unsafe: bool
    days_since_last_session: float | None = None


@dataclass(frozen=True, slots=True)
class HealthState:
    at_risk: bool = False
    episode: int = 0


@dataclass(frozen=True, slots=True)
class Transition:
    kind: Literal["at_risk", "recovered"]
    episode: int
    score: float
    reasons: tuple[RiskReason, ...] = ()


def answer_score(answer: RatedAnswer, rules: HealthRules = DEFAULT_RULES) -> float:
    ratings = [answer.ratings.value, answer.ratings.preparation]
    if answer.ratings.psychological_safety is not None:
        ratings.append(answer.ratings.psychological_safety)
    score = sum((r - 1) / 4 for r in ratings) / len(ratings)
    return score if answer.would_continue else score * rules.would_not_continue_factor


def _ratings_component(answers: tuple[RatedAnswer, ...], rules: HealthRules) -> float | None:
    if not answers:
        return None
    # Recency by session, not by answer: both people's answers on one session weigh the same.
    starts = sorted({a.session_start for a in answers}, reverse=True)
    rank = {start: index for index, start in enumerate(starts)}
    weighted = total = 0.0
    for answer in answers:
        weight = 0.5 ** (rank[answer.session_start] / rules.recency_half_life_sessions)
        weighted += weight * answer_score(answer, rules)
        total += weight
    prior = rules.ratings_prior_strength
    return (weighted + prior * rules.ratings_prior) / (total + prior)


def _attendance_component(sessions: tuple[SessionOutcome, ...], rules: HealthRules) -> float | None:
    recent = sorted(sessions, key=lambda s: s.start, reverse=True)[: rules.window_sessions]
    if not recent:
        return None
    prior = rules.attendance_prior_strength
    return (sum(s.attendance for s in recent) + prior) / (len(recent) + prior)


def _responsiveness_component(
    requests: tuple[AskedRequest, ...], now: datetime, rules: HealthRules
) -> float | None:
    settled = [r for r in requests if r.answered or r.due_at <= now]
    if not settled:
        return None
    prior = rules.responsiveness_prior_strength
    return (sum(1 for r in settled if r.answered) + prior) / (len(settled) + prior)


def _days_since(signals: HealthSignals, now: datetime) -> float | None:
    reference = signals.last_session_at or signals.paired_at
    if reference is None:
        return None
    return max(0.0, (now - reference) / timedelta(days=1))


def _activity_component(days: float | None, cadence_days: int, rules: HealthRules) -> float | None:
    if days is None:
        return None
    full = rules.activity_full_cadences * cadence_days
    zero = rules.activity_zero_cadences * cadence_days
    if days <= full:
        return 1.0
    if days >= zero:
        return 0.0
    return (zero - days) / (zero - full)


def _unsafe(answers: tuple[RatedAnswer, ...], rules: HealthRules) -> bool:
    """The junior mentor's latest answer says they cannot speak freely: a safeguard, not a mean."""
    junior = [
        a for a in answers if a.role == "junior" and a.ratings.psychological_safety is not None
    ]
    if not junior:
        return False
    latest = max(junior, key=lambda a: a.session_start)
    safety = latest.ratings.psychological_safety
    return safety is not None and safety <= rules.unsafe_at_or_below


def assess(
    signals: HealthSignals,
    *,
    now: datetime,
    cadence_days: int,
    rules: HealthRules = DEFAULT_RULES,
) -> Assessment:
    days = _days_since(signals, now)
    found: dict[Component, float | None] = {
        "ratings": _ratings_component(signals.answers, rules),
        "attendance": _attendance_component(signals.sessions, rules),
        "responsiveness": _responsiveness_component(signals.requests, now, rules),
        "activity": _activity_component(days, cadence_days, rules),
    }
    components = {name: value for name, value in found.items() if value is not None}
    shortfall = sum(rules.weights[name] * (1.0 - value) for name, value in components.items())
    score = round(min(1.0, max(0.0, 1.0 - shortfall)), 4)
    concerns: list[RiskReason] = []
    if components.get("ratings", 1.0) < rules.low_ratings_below:
        concerns.append("low_ratings")
    if components.get("attendance", 1.0) < rules.missed_sessions_below:
        concerns.append("missed_sessions")
    if components.get("responsiveness", 1.0) < rules.unanswered_below:
        concerns.append("unanswered_feedback")
    if days is not None and days > rules.inactive_after_cadences * cadence_days:
        concerns.append("inactive")
    unsafe = _unsafe(signals.answers, rules)
    if unsafe:
        concerns.append("low_psychological_safety")
    return Assessment(
        score=score,
        components={name: round(value, 4) for name, value in components.items()},
        concerns=tuple(concerns),
        unsafe=unsafe,
        days_since_last_session=None if days is None else round(days, 2),
    )


def next_state(
    state: HealthState,
    assessment: Assessment,
    *,
    threshold: float,
    rules: HealthRules = DEFAULT_RULES,
) -> tuple[HealthState, Transition | None]:
    """At risk once per episode; recovery needs a margin above the threshold so a pair
    hovering at the line does not flap between the two."""
    failing = assessment.score < threshold or assessment.unsafe
    if not state.at_risk and failing:
        episode = state.episode + 1
        reasons = assessment.concerns or (_weakest(assessment),)
        return (
            HealthState(at_risk=True, episode=episode),
            Transition("at_risk", episode, assessment.score, reasons),
        )
    recovered = assessment.score >= min(1.0, threshold + rules.recovery_margin)
    if state.at_risk and recovered and not assessment.unsafe:
        return (
            HealthState(at_risk=False, episode=state.episode),
            Transition("recovered", state.episode, assessment.score),
        )
    return state, None


def _weakest(assessment: Assessment) -> RiskReason:
    if not assessment.components:
        return "low_ratings"
    name = min(assessment.components, key=lambda c: assessment.components[c])
    return _REASON_OF[name]
