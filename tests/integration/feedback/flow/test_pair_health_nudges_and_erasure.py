"""Feedback on the real broker and database: pair health from the answers (at risk once,
recovered), one nudge for an overdue request, and erasure that leaves no personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.events import FeedbackRequested, PairAtRisk, PairHealthRecovered
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.flow.program_steps import launched_program, requested_for
from tests.integration.feedback.scenario import Pair, answer, erased, participant_joined

pytestmark = pytest.mark.integration


async def test_a_run_of_low_ratings_gives_exactly_one_pair_at_risk(
    feedback: FeedbackHarness,
) -> None:
    program_id = await launched_program(feedback, health_threshold=0.5)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()))
    for session in range(3):
        completed = pair.completed(feedback.now() + timedelta(minutes=session))
        await feedback.publish(completed)
        for person, junior in ((pair.junior_id, True), (pair.senior_id, False)):
            request_id = await feedback.request_for(pair.pair_id, person, completed.session_id)
            response = await feedback.http.post(
                f"/feedback-requests/{request_id}/answer",
                # The junior could speak freely: the warning must come from the ratings.
                json=answer(1, junior=junior, would_continue=False, safety=4),
                headers=feedback.token(person),
            )
            assert response.status_code == 201, response.text

    await feedback.feedback_events(
        pair.pair_id, until=lambda found: any(isinstance(e, PairAtRisk) for e in found)
    )
    # The sentinel: another session of the pair, whose completion is looked at (and the
    # pair's health with it) after everything above; its requests follow on the same key.
    sentinel = pair.completed(feedback.now() + timedelta(minutes=10))
    await feedback.publish(sentinel)
    events = await feedback.feedback_events(
        pair.pair_id, until=lambda found: len(requested_for(found, sentinel.session_id)) == 2
    )
    at_risk = [e for e in events if isinstance(e, PairAtRisk)]
    assert len(at_risk) == 1
    assert at_risk[0].episode == 1
    assert "low_ratings" in at_risk[0].reasons
    assert (at_risk[0].junior_id, at_risk[0].senior_id) == (pair.junior_id, pair.senior_id)
    listed = await feedback.http.get(
        f"/programs/{program_id}/pair-health",
        params={"at_risk_only": "true"},
        headers=feedback.token("hr", "program_admin", programs=[program_id]),
    )
    assert [p["pair_id"] for p in listed.json()["items"]] == [pair.pair_id]


async def test_erasure_leaves_no_personal_data(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    note = "private words about my mentor"
    await feedback.publish(
        participant_joined(program_id, pair.junior_id, "junior", feedback.now()),
        pair.created(feedback.now()),
        pair.completed(feedback.now()),
    )
    request_id = await feedback.request_for(pair.pair_id, pair.junior_id)
    me = feedback.token(pair.junior_id)
    submitted = await feedback.http.post(
        f"/feedback-requests/{request_id}/answer",
        json=answer(4, junior=True, taught=("generative ai",), note=note),
        headers=me,
    )
    assert submitted.status_code == 201
    assessed = await feedback.http.put(
        f"/programs/{program_id}/self-assessments/pre",
        json={"levels": [{"skill": "negotiation", "level": 2}]},
        headers=me,
    )
    assert assessed.status_code == 200, assessed.text

    await feedback.publish(erased(program_id, pair.junior_id, feedback.now()))
    await wait_for(
        lambda: feedback.db["erasures"].find_one({"done": True, "token": {"$exists": False}})
    )
    await wait_for(
        lambda: feedback.db["feedback_requests"].find_one({"_id": request_id, "erased": True})
    )
    # A session completion that arrives late must not bring the person back. The sentinel:
    # one more completion on the same key; once the partner is asked about it, the late one
    # has been handled in full.
    await feedback.publish(pair.completed(feedback.now()))
    sentinel = pair.completed(feedback.now() + timedelta(hours=1))
    await feedback.publish(sentinel)
    await wait_for(
        lambda: feedback.db["feedback_requests"].find_one(
            {"session_id": sentinel.session_id, "participant_id": pair.senior_id}
        )
    )

    stored = await feedback.everything_stored()
    assert pair.junior_id not in stored
    assert note not in stored
    kept = await feedback.db["feedback_requests"].find_one({"_id": request_id})
    assert kept is not None
    assert kept["answer"]["value"] == 4  # the anonymous aggregate survives
    assert kept["answer"]["topics_taught"] == ["generative ai"]
    own = await feedback.http.get(f"/participants/{pair.junior_id}/feedback-requests", headers=me)
    assert own.json() == []


async def test_overdue_request_is_nudged_once(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback, feedback_deadline_days=3)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    answered_id = await feedback.request_for(pair.pair_id, pair.junior_id)
    overdue_id = await feedback.request_for(pair.pair_id, pair.senior_id)
    response = await feedback.http.post(
        f"/feedback-requests/{answered_id}/answer",
        json=answer(4, junior=True),
        headers=feedback.token(pair.junior_id),
    )
    assert response.status_code == 201

    feedback.clock.advance(timedelta(days=3, minutes=1))

    def nudges(found: list) -> list[FeedbackRequested]:
        return [e for e in found if isinstance(e, FeedbackRequested) and e.is_nudge]

    await feedback.feedback_events(pair.pair_id, until=lambda found: bool(nudges(found)))
    # The sentinel: a later session's request, nudged by a later timer pass on the same key.
    sentinel = pair.completed(feedback.now())
    await feedback.publish(sentinel)
    await feedback.request_for(pair.pair_id, pair.senior_id, sentinel.session_id)
    feedback.clock.advance(timedelta(days=3, minutes=1))
    events = await feedback.feedback_events(
        pair.pair_id,
        until=lambda found: any(e.session_id == sentinel.session_id for e in nudges(found)),
    )
    [nudge] = [e for e in nudges(events) if e.session_id != sentinel.session_id]
    assert nudge.request_id == overdue_id
    assert nudge.participant_id == pair.senior_id
    view = await feedback.http.get(
        f"/feedback-requests/{overdue_id}", headers=feedback.token(pair.senior_id)
    )
    assert view.json()["nudged"] is True


async def test_an_unsafe_session_flags_the_pair_and_a_safe_one_recovers_it(
    feedback: FeedbackHarness,
) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()))
    for session, safety in enumerate((1, 5)):
        completed = pair.completed(feedback.now() + timedelta(minutes=session))
        await feedback.publish(completed)
        for person, junior in ((pair.junior_id, True), (pair.senior_id, False)):
            request_id = await feedback.request_for(pair.pair_id, person, completed.session_id)
            response = await feedback.http.post(
                f"/feedback-requests/{request_id}/answer",
                json=answer(5, junior=junior, safety=safety),
                headers=feedback.token(person),
            )
            assert response.status_code == 201, response.text

    events = await feedback.feedback_events(
        pair.pair_id, until=lambda found: any(isinstance(e, PairHealthRecovered) for e in found)
    )
    health = [e for e in events if isinstance(e, PairAtRisk | PairHealthRecovered)]
    assert [(e.event_type, e.episode) for e in health] == [
        ("PairAtRisk", 1),
        ("PairHealthRecovered", 1),
    ]
    assert isinstance(health[0], PairAtRisk)
    assert health[0].reasons == ["low_psychological_safety"]
