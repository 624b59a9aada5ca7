"""Nudges for overdue feedback and pair health as days pass, on fakes of the stores."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.feedback.events import (
    PAIR_ID,
    PROGRAM,
    START,
    pair_created,
    session_completed,
    session_missed,
)
from tests.unit.feedback.world import FeedbackWorld


async def test_overdue_request_is_nudged_once_however_often_the_timer_runs() -> None:
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))
    world.clock.advance(timedelta(days=8))

    first = await world.timers.sweep()
    second = await world.timers.sweep()

    assert (first.nudged, second.nudged) == (2, 0)
    assert world.observer.nudged[PROGRAM] == 2
    assert len(world.of_type("FeedbackRequested")) == 4  # two asks, two nudges


async def test_request_not_yet_due_is_not_nudged() -> None:
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))
    world.clock.advance(timedelta(days=2))

    assert (await world.timers.sweep()).nudged == 0


async def test_missed_sessions_put_the_pair_at_risk_once() -> None:
    world = FeedbackWorld(START + timedelta(days=30))
    await world.activity.on_pair_event(pair_created(START - timedelta(days=5)))
    await world.activity.on_session_event(session_completed(0))

    await world.activity.on_session_event(session_missed(1))
    await world.activity.on_session_event(session_missed(2))
    await world.monitor.evaluate(PAIR_ID)

    assert world.pairs.pairs[PAIR_ID].health.state.at_risk
    assert len(world.of_type("PairAtRisk")) == 1
    assert world.observer.health_changes == [(PROGRAM, "at_risk")]


async def test_health_is_rechecked_when_due_and_each_pair_once_per_period() -> None:
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.activity.on_pair_event(pair_created())
    world.clock.advance(timedelta(days=2))

    first = await world.timers.recheck_health()
    again = await world.timers.recheck_health()

    assert (first, again) == (1, 0)
    assert world.pairs.pairs[PAIR_ID].health.evaluated_at == world.clock.now()


async def test_sweep_reports_pairs_at_risk_by_program() -> None:
    world = FeedbackWorld(START + timedelta(days=30))
    await world.activity.on_pair_event(pair_created(START - timedelta(days=5)))
    await world.activity.on_session_event(session_completed(0))
    await world.activity.on_session_event(session_missed(1))
    await world.activity.on_session_event(session_missed(2))

    await world.timers.sweep()

    assert world.observer.at_risk == {PROGRAM: 1}
