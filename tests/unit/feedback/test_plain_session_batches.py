"""A burst of sessions planned, moved or cancelled, recorded a batch at a time, leaves what
recording them one at a time leaves."""

from __future__ import annotations

from datetime import timedelta

from services.feedback.application.activity import is_plain_fact
from shared.events import Event
from tests.unit.feedback.events import (
    JUNIOR,
    PAIR_ID,
    START,
    event,
    pair_created,
    session_completed,
)
from tests.unit.feedback.world import FeedbackWorld

NOW = START - timedelta(days=1)


def scheduled(number: int, pair_id: str = PAIR_ID) -> Event:
    return event(
        "SessionScheduled",
        session_id=f"{pair_id}-s-{number}",
        pair_id=pair_id,
        start=START + timedelta(days=14 * number),
        end=START + timedelta(days=14 * number, hours=1),
    )


def moved(number: int, pair_id: str = PAIR_ID) -> Event:
    return event(
        "SessionRescheduled",
        session_id=f"{pair_id}-s-{number}",
        pair_id=pair_id,
        start=START + timedelta(days=14 * number + 2),
        end=START + timedelta(days=14 * number + 2, hours=1),
    )


def cancelled(number: int, pair_id: str = PAIR_ID) -> Event:
    return event(
        "SessionCancelled",
        session_id=f"{pair_id}-s-{number}",
        pair_id=pair_id,
        start=START + timedelta(days=14 * number + 2),
    )


def burst() -> list[Event]:
    return [
        *(scheduled(n) for n in range(4)),
        *(scheduled(n, "pair-2") for n in range(3)),
        moved(1),
        cancelled(2, "pair-2"),
        cancelled(1),
        scheduled(3),  # a replayed copy
    ]


async def test_a_batch_of_plain_facts_leaves_what_one_at_a_time_leaves() -> None:
    one_by_one, batched = FeedbackWorld(NOW), FeedbackWorld(NOW)
    events = burst()
    assert all(is_plain_fact(e) for e in events)

    for e in events:
        await one_by_one.activity.on_session_event(e)
    await batched.activity.record_plain_facts(events)

    assert batched.sessions.sessions == one_by_one.sessions.sessions
    assert batched.pairs.pairs == one_by_one.pairs.pairs
    assert batched.pairs.correlations == one_by_one.pairs.correlations
    assert batched.sessions.sessions[f"{PAIR_ID}-s-1"].status == "cancelled"
    assert batched.sessions.sessions["pair-2-s-2"].status == "cancelled"
    assert batched.sessions.sessions[f"{PAIR_ID}-s-0"].status == "scheduled"
    assert set(batched.pairs.pairs) == {PAIR_ID, "pair-2"}


async def test_a_late_plan_in_a_batch_never_undoes_a_held_session() -> None:
    world = FeedbackWorld(START + timedelta(days=1))
    await world.activity.on_pair_event(pair_created())
    held = session_completed(0)
    await world.activity.on_session_event(held)

    late = event("SessionScheduled", session_id="s-0", start=START, end=START + timedelta(hours=1))
    await world.activity.record_plain_facts([late])

    assert world.sessions.sessions["s-0"].status == "completed"


async def test_a_batch_never_brings_back_an_erased_persons_id() -> None:
    world = FeedbackWorld(NOW)
    await world.erasures.begin(JUNIOR)

    await world.activity.record_plain_facts(burst())

    pair = world.pairs.pairs[PAIR_ID]
    assert JUNIOR not in (pair.junior_id, pair.senior_id)


async def test_completions_and_misses_are_not_plain_facts() -> None:
    assert not is_plain_fact(session_completed(0))
    assert not is_plain_fact(event("SessionMissed"))
    assert not is_plain_fact(pair_created())
