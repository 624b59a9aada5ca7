"""Who is asked for feedback after a session, whatever order pair and session events arrive in."""

from __future__ import annotations

from datetime import timedelta

from services.feedback.domain.model import ProgramPolicy
from tests.unit.feedback.events import (
    JUNIOR,
    PAIR_ID,
    PROGRAM,
    SENIOR,
    START,
    event,
    pair_created,
    session_completed,
)
from tests.unit.feedback.world import FeedbackWorld


def asked(world: FeedbackWorld) -> list[tuple[str, str]]:
    return sorted((r.participant_id, r.role) for r in world.requests.requests.values())


async def test_both_people_are_asked_for_feedback_after_a_completed_session() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.activity.on_pair_event(pair_created())

    await world.activity.on_session_event(session_completed(0))

    assert asked(world) == [(JUNIOR, "junior"), (SENIOR, "senior")]
    assert len(world.of_type("FeedbackRequested")) == 2
    assert world.observer.requested[PROGRAM] == 2


async def test_same_completion_twice_asks_each_person_once() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.activity.on_pair_event(pair_created())
    completed = session_completed(0)

    await world.activity.on_session_event(completed)
    await world.activity.on_session_event(completed)

    assert len(world.requests.requests) == 2
    assert len(world.of_type("FeedbackRequested")) == 2


async def test_only_people_who_attended_are_asked() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.activity.on_pair_event(pair_created())

    await world.activity.on_session_event(session_completed(0, attended_senior=False))

    assert asked(world) == [(JUNIOR, "junior")]


async def test_completion_before_its_pair_waits_and_is_asked_once_the_pair_arrives() -> None:
    world = FeedbackWorld(START + timedelta(days=1))

    await world.activity.on_session_event(session_completed(0))

    assert asked(world) == []
    assert world.observer.held[PROGRAM] == 1

    await world.activity.on_pair_event(pair_created())

    assert asked(world) == [(JUNIOR, "junior"), (SENIOR, "senior")]
    assert world.sessions.held == {}


async def test_deadline_runs_from_the_completion_by_the_programs_policy() -> None:
    world = FeedbackWorld(START + timedelta(days=5))
    world.programs.policies[PROGRAM] = ProgramPolicy(PROGRAM, feedback_deadline_days=3)
    await world.activity.on_pair_event(pair_created())
    completed = session_completed(0)

    await world.activity.on_session_event(completed)

    assert {r.due_at for r in world.requests.requests.values()} == {
        completed.occurred_at + timedelta(days=3)
    }


async def test_erased_person_is_never_asked_and_their_id_does_not_come_back() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.erasures.begin(JUNIOR)

    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))

    pair = world.pairs.pairs[PAIR_ID]
    assert JUNIOR not in (pair.junior_id, pair.senior_id)
    assert asked(world) == [(SENIOR, "senior")]


async def test_ended_pair_is_no_longer_assessed() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.activity.on_pair_event(pair_created())

    await world.activity.on_pair_event(event("PairEnded", occurred_at=START + timedelta(days=1)))

    assert world.pairs.pairs[PAIR_ID].status == "ended"
    assert await world.monitor.evaluate(PAIR_ID) is None
