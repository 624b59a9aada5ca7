"""Pair health rules: what pulls a pair under its threshold, and that each episode fires once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.feedback.domain.health import (
    AskedRequest,
    Assessment,
    HealthSignals,
    HealthState,
    RatedAnswer,
    SessionOutcome,
    Transition,
    assess,
    next_state,
)
from services.feedback.domain.model import Ratings

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
CADENCE = 14
THRESHOLD = 0.5


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def answers_for(
    session_days_ago: float, score: int, *, would_continue: bool = True, safety: int | None = None
) -> tuple[RatedAnswer, RatedAnswer]:
    start = days_ago(session_days_ago)
    junior_safety = score if safety is None else safety
    return (
        RatedAnswer(start, "junior", Ratings(score, score, junior_safety), would_continue),
        RatedAnswer(start, "senior", Ratings(score, score, None), would_continue),
    )


def held_pair(scores: list[int], *, would_continue: bool = True) -> HealthSignals:
    """A pair meeting every two weeks; `scores` oldest first, one per session, both people."""
    count = len(scores)
    starts = [1 + CADENCE * (count - 1 - i) for i in range(count)]
    answers = tuple(
        a
        for start, score in zip(starts, scores, strict=True)
        for a in answers_for(start, score, would_continue=would_continue)
    )
    return HealthSignals(
        paired_at=days_ago(starts[0] + 7) if starts else days_ago(7),
        last_session_at=days_ago(min(starts)) if starts else None,
        sessions=tuple(SessionOutcome(days_ago(s), 1.0) for s in starts),
        answers=answers,
        requests=tuple(AskedRequest(days_ago(s) + timedelta(days=7), True) for s in starts),
    )


def score_of(signals: HealthSignals, now: datetime = NOW) -> Assessment:
    return assess(signals, now=now, cadence_days=CADENCE)


def run(states: list[HealthSignals]) -> list[Transition]:
    """Feed successive assessments through the state machine; return what it announced."""
    state = HealthState()
    announced = []
    for signals in states:
        state, transition = next_state(state, score_of(signals), threshold=THRESHOLD)
        if transition is not None:
            announced.append(transition)
    return announced


def test_new_pair_without_signals_is_healthy() -> None:
    assessment = score_of(HealthSignals(paired_at=days_ago(3)))
    assert assessment.score == 1.0
    assert assessment.concerns == ()


def test_good_sessions_keep_a_pair_healthy() -> None:
    assessment = score_of(held_pair([5, 4, 5, 4]))
    assert assessment.score > 0.8
    assert assessment.concerns == ()


def test_one_bad_session_alone_does_not_flag_the_pair() -> None:
    assessment = score_of(held_pair([1], would_continue=True))
    assert assessment.score >= THRESHOLD


def test_a_run_of_low_ratings_pulls_the_pair_under_the_threshold() -> None:
    assessment = score_of(held_pair([2, 1, 1], would_continue=False))
    assert assessment.score < THRESHOLD
    assert "low_ratings" in assessment.concerns


def test_recent_ratings_weigh_more_than_old_ones() -> None:
    improving = score_of(held_pair([1, 1, 5, 5]))
    declining = score_of(held_pair([5, 5, 1, 1]))
    assert improving.components["ratings"] > declining.components["ratings"]


def test_missed_sessions_put_a_pair_at_risk() -> None:
    signals = HealthSignals(
        paired_at=days_ago(35),
        last_session_at=days_ago(30),
        sessions=(
            SessionOutcome(days_ago(30), 1.0),
            SessionOutcome(days_ago(16), 0.0),
            SessionOutcome(days_ago(2), 0.0),
        ),
    )
    assessment = score_of(signals)
    assert assessment.score < THRESHOLD
    assert "missed_sessions" in assessment.concerns


def test_one_missed_session_is_a_concern_but_not_a_risk() -> None:
    signals = HealthSignals(
        paired_at=days_ago(20),
        last_session_at=days_ago(15),
        sessions=(SessionOutcome(days_ago(15), 1.0), SessionOutcome(days_ago(1), 0.0)),
    )
    assert score_of(signals).score >= THRESHOLD


@pytest.mark.parametrize(("days", "at_risk"), [(14, False), (28, False), (50, True), (70, True)])
def test_days_since_the_last_session_count_against_the_pair(days: int, at_risk: bool) -> None:
    signals = HealthSignals(paired_at=days_ago(days + 20), last_session_at=days_ago(days))
    assessment = score_of(signals)
    assert (assessment.score < THRESHOLD) is at_risk
    assert ("inactive" in assessment.concerns) is (days > 2 * CADENCE)


def test_unanswered_requests_are_a_concern_that_adds_to_others() -> None:
    unanswered = tuple(AskedRequest(days_ago(d), False) for d in (30, 16, 2))
    quiet = HealthSignals(paired_at=days_ago(40), last_session_at=days_ago(9), requests=unanswered)
    alone = score_of(quiet)
    assert "unanswered_feedback" in alone.concerns
    assert alone.score >= THRESHOLD
    slow = HealthSignals(paired_at=days_ago(60), last_session_at=days_ago(40), requests=unanswered)
    assert score_of(slow).score < THRESHOLD


def test_requests_not_yet_due_do_not_count_as_unanswered() -> None:
    pending = HealthSignals(
        paired_at=days_ago(3),
        last_session_at=days_ago(1),
        requests=(AskedRequest(NOW + timedelta(days=6), False),),
    )
    assert "responsiveness" not in score_of(pending).components


def test_junior_who_cannot_speak_freely_flags_the_pair_whatever_the_score() -> None:
    start = days_ago(1)
    signals = HealthSignals(
        paired_at=days_ago(10),
        last_session_at=start,
        sessions=(SessionOutcome(start, 1.0),),
        answers=(
            RatedAnswer(start, "junior", Ratings(5, 5, 1), True),
            RatedAnswer(start, "senior", Ratings(5, 5, None), True),
        ),
    )
    assessment = score_of(signals)
    assert assessment.score >= THRESHOLD
    state, transition = next_state(HealthState(), assessment, threshold=THRESHOLD)
    assert state.at_risk
    assert transition is not None
    assert transition.reasons == ("low_psychological_safety",)


def test_at_risk_fires_once_per_episode_and_recovery_once() -> None:
    history = [
        held_pair([5]),
        held_pair([5, 1], would_continue=False),
        held_pair([5, 1, 1], would_continue=False),
        held_pair([5, 1, 1, 1], would_continue=False),
        held_pair([5, 1, 1, 1, 5, 5]),
        held_pair([5, 1, 1, 1, 5, 5, 5, 5]),
        held_pair([5, 1, 1, 1, 5, 5, 5, 5, 5]),
    ]
    announced = run(history)
    assert [(t.kind, t.episode) for t in announced] == [("at_risk", 1), ("recovered", 1)]
    assert "low_ratings" in announced[0].reasons


def test_a_second_decline_opens_a_second_episode() -> None:
    state = HealthState(at_risk=False, episode=1)
    bad = score_of(held_pair([1, 1, 1], would_continue=False))
    state, transition = next_state(state, bad, threshold=THRESHOLD)
    assert transition is not None
    assert (transition.kind, transition.episode) == ("at_risk", 2)


def test_hovering_just_above_the_threshold_does_not_recover() -> None:
    at_risk = HealthState(at_risk=True, episode=1)
    hovering = Assessment(
        score=THRESHOLD + 0.02, components={"ratings": 0.4}, concerns=(), unsafe=False
    )
    state, transition = next_state(at_risk, hovering, threshold=THRESHOLD)
    assert transition is None
    assert state.at_risk


def test_an_at_risk_event_always_names_a_reason() -> None:
    weak = Assessment(
        score=0.6, components={"attendance": 0.55, "activity": 0.9}, concerns=(), unsafe=False
    )
    _state, transition = next_state(HealthState(), weak, threshold=0.7)
    assert transition is not None
    assert transition.reasons == ("missed_sessions",)
