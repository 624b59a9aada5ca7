"""A completed session whose pair feedback has not seen created asks nobody: it is held (and
counted) until the pair's PairCreated arrives, and a pair never created never asks anyone.
Events go through the real broker in the bad order; absence is proven by a sentinel event on
the same partition whose effect is awaited first."""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import FeedbackRequested
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.scenario import Pair, new_id

pytestmark = pytest.mark.integration


async def after_sentinel(feedback: FeedbackHarness, pair: Pair) -> None:
    """Publish a missed session for the same pair (same key, same partition) and wait until
    it is stored: everything published before it on that partition has been handled."""
    sentinel = pair.missed(feedback.now())
    await feedback.publish(sentinel)
    await wait_for(
        lambda: feedback.db["sessions"].find_one({"_id": sentinel.session_id, "status": "missed"})
    )


def held_count(metrics: str, program_id: str) -> float:
    line = f'twoway_feedback_completions_held_total{{program="{program_id}"}}'
    for row in metrics.splitlines():
        if row.startswith(line):
            return float(row.split()[-1])
    return 0.0


async def test_a_completion_for_a_pair_never_created_asks_nobody(
    feedback: FeedbackHarness,
) -> None:
    pair = Pair(new_id("prog-ghost"))
    completed = pair.completed(feedback.now())
    await feedback.publish(completed)
    await after_sentinel(feedback, pair)

    assert await feedback.db["feedback_requests"].count_documents({"pair_id": pair.pair_id}) == 0
    session: dict[str, Any] | None = await feedback.db["sessions"].find_one(
        {"_id": completed.session_id}
    )
    assert session is not None
    assert session["feedback_held"]["cause_id"] == str(completed.event_id)
    metrics = (await feedback.http.get("/metrics")).text
    assert held_count(metrics, pair.program_id) == 1.0
    assert pair.junior_id not in metrics
    assert pair.senior_id not in metrics


async def test_a_held_completion_asks_both_people_once_the_pair_arrives(
    feedback: FeedbackHarness,
) -> None:
    pair = Pair(new_id("prog-late-pair"))
    completed = pair.completed(feedback.now())
    await feedback.publish(completed)
    await after_sentinel(feedback, pair)
    assert await feedback.db["feedback_requests"].count_documents({"pair_id": pair.pair_id}) == 0

    await feedback.publish(pair.created(feedback.now()))
    docs = await feedback.requests_of(pair.pair_id, 2)
    assert {d["participant_id"] for d in docs} == {pair.junior_id, pair.senior_id}
    assert {d["session_id"] for d in docs} == {completed.session_id}
    events = await feedback.feedback_events(
        pair.pair_id, until=lambda found: len(found) >= 2, timeout=30
    )
    asked = [e for e in events if isinstance(e, FeedbackRequested)]
    assert len(asked) == 2
    assert {e.causation_id for e in asked} == {completed.event_id}
    released = await wait_for(
        lambda: feedback.db["sessions"].find_one(
            {"_id": completed.session_id, "feedback_held": {"$exists": False}}
        )
    )
    assert released["status"] == "completed"
