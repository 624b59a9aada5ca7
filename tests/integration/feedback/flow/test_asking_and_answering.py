"""Feedback on the real broker and database: both people asked once per session, one
answer per person, edits as revisions with the note kept private, strangers and
invalid answers refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.events import FeedbackRequested, FeedbackSubmitted
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.flow.program_steps import (
    launched_program,
    requested_for,
    submitted_by,
)
from tests.integration.feedback.scenario import Pair, answer, new_id, participant_joined

pytestmark = pytest.mark.integration


async def test_session_completed_asks_both_people_for_feedback(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback, feedback_deadline_days=5)
    pair = Pair(program_id)
    completed = pair.completed(feedback.now())
    await feedback.publish(pair.created(feedback.now()), completed)

    events = await feedback.feedback_events(pair.pair_id, until=lambda found: len(found) >= 2)
    requested = [e for e in events if isinstance(e, FeedbackRequested)]
    assert {(e.participant_id, e.role) for e in requested} == {
        (pair.junior_id, "junior"),
        (pair.senior_id, "senior"),
    }
    assert all(e.session_id == completed.session_id for e in requested)
    assert all(e.due_at == completed.occurred_at + timedelta(days=5) for e in requested)
    assert all(e.causation_id == completed.event_id for e in requested)
    assert not any(e.is_nudge for e in requested)


async def test_the_same_completion_delivered_twice_asks_once(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    completed = pair.completed(feedback.now())
    # The sentinel: the pair's next session, on the same key after both copies. The pair is
    # known first, so no completion waits for its PairCreated (which could let the sentinel
    # be asked about before the copies: that order has a test of its own).
    sentinel = pair.completed(feedback.now() + timedelta(hours=1))
    await feedback.publish(pair.created(feedback.now()))
    await wait_for(
        lambda: feedback.db["pairs"].find_one({"_id": pair.pair_id, "paired_at": {"$exists": True}})
    )
    await feedback.publish(completed, completed, sentinel)
    events = await feedback.feedback_events(
        pair.pair_id, until=lambda found: len(requested_for(found, sentinel.session_id)) == 2
    )
    assert len(requested_for(events, completed.session_id)) == 2
    first_session = {"pair_id": pair.pair_id, "session_id": completed.session_id}
    assert await feedback.db["feedback_requests"].count_documents(first_session) == 2


async def test_submitting_twice_gives_one_answer(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    request_id = await feedback.request_for(pair.pair_id, pair.junior_id)
    me = feedback.token(pair.junior_id)
    body = answer(5, junior=True, taught=("generative ai",), note="felt a bit rushed")
    path = f"/feedback-requests/{request_id}/answer"

    first = await feedback.http.post(path, json=body, headers=me)
    again = await feedback.http.post(path, json=body, headers=me)
    different = await feedback.http.post(path, json=answer(2, junior=True), headers=me)

    assert first.status_code == 201, first.text
    assert again.status_code == 200
    assert again.json()["answer"]["revision"] == 1
    assert different.status_code == 409
    assert different.json()["error"] == "already_submitted"
    doc = await feedback.db["feedback_requests"].find_one({"_id": request_id})
    assert doc is not None
    assert doc["revision"] == 1
    assert doc["answer"]["value"] == 5
    # The sentinel: the partner answers after, on the same key.
    partner = await feedback.request_for(pair.pair_id, pair.senior_id)
    sentinel = await feedback.http.post(
        f"/feedback-requests/{partner}/answer",
        json=answer(4, junior=False),
        headers=feedback.token(pair.senior_id),
    )
    assert sentinel.status_code == 201, sentinel.text
    submitted = await feedback.feedback_events(
        pair.pair_id, until=lambda found: bool(submitted_by(found, pair.senior_id))
    )
    answers = submitted_by(submitted, pair.junior_id)
    assert [e.revision for e in answers] == [1]
    assert answers[0].topics_taught == ["generative ai"]


async def test_edit_within_the_window_makes_a_new_revision_and_the_note_stays_private(
    feedback: FeedbackHarness,
) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    request_id = await feedback.request_for(pair.pair_id, pair.senior_id)
    me = feedback.token(pair.senior_id)
    path = f"/feedback-requests/{request_id}/answer"
    note = "my counterpart seemed distracted"

    created = await feedback.http.post(path, json=answer(3, junior=False), headers=me)
    edited = await feedback.http.put(path, json=answer(4, junior=False, note=note), headers=me)
    mine = await feedback.http.get(f"/feedback-requests/{request_id}", headers=me)
    partner = await feedback.http.get(
        f"/feedback-requests/{request_id}", headers=feedback.token(pair.junior_id)
    )
    admin = await feedback.http.get(
        f"/feedback-requests/{request_id}",
        headers=feedback.token("hr-1", "program_admin", programs=[program_id]),
    )

    assert created.status_code == 201
    assert edited.status_code == 200, edited.text
    assert edited.json()["answer"]["revision"] == 2
    assert mine.json()["answer"]["private_note"] == note
    assert partner.status_code == 403
    assert admin.status_code == 200
    assert admin.json()["answer"]["private_note"] is None
    events = await feedback.feedback_events(
        pair.pair_id,
        until=lambda found: len([e for e in found if isinstance(e, FeedbackSubmitted)]) >= 2,
    )
    answers = [e for e in events if isinstance(e, FeedbackSubmitted)]
    assert [e.revision for e in answers] == [1, 2]
    assert all(note not in e.model_dump_json() for e in events)
    request_doc = await feedback.db["feedback_requests"].find_one({"_id": request_id})
    assert note not in str(request_doc)


async def test_a_stranger_submitting_gets_403_and_nothing_is_stored(
    feedback: FeedbackHarness,
) -> None:
    program_id = await launched_program(feedback)
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    request_id = await feedback.request_for(pair.pair_id, pair.junior_id)
    path = f"/feedback-requests/{request_id}/answer"
    body = answer(1, junior=True, note="stranger's words")

    attempts = [
        await feedback.http.post(path, json=body, headers=feedback.token(new_id("stranger"))),
        await feedback.http.post(path, json=body, headers=feedback.token(pair.senior_id)),
        await feedback.http.post(
            path, json=body, headers=feedback.token("hr", "program_admin", programs=[program_id])
        ),
        await feedback.http.post(path, json=body),
    ]

    assert [r.status_code for r in attempts] == [403, 403, 403, 401]
    assert attempts[0].json()["error"] == "forbidden"
    doc = await feedback.db["feedback_requests"].find_one({"_id": request_id})
    assert doc is not None
    assert doc["status"] == "open"
    assert doc.get("answer") is None
    assert await feedback.db["private_notes"].count_documents({"_id": request_id}) == 0
    # The sentinel: the junior's own answer, after every refused one, on the same key.
    own = await feedback.http.post(
        path, json=answer(4, junior=True), headers=feedback.token(pair.junior_id)
    )
    assert own.status_code == 201, own.text
    events = await feedback.feedback_events(
        pair.pair_id, until=lambda found: any(isinstance(e, FeedbackSubmitted) for e in found)
    )
    answers = [e for e in events if isinstance(e, FeedbackSubmitted)]
    assert [(e.participant_id, e.revision) for e in answers] == [(pair.junior_id, 1)]


async def test_invalid_answer_lists_every_problem(feedback: FeedbackHarness) -> None:
    program_id = await launched_program(feedback)
    await feedback.publish(
        participant_joined(program_id, new_id("p"), "junior", feedback.now(), offers=("tiktok",))
    )
    await wait_for(
        lambda: feedback.db["programs"].find_one({"_id": program_id, "skills": "tiktok"})
    )
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    request_id = await feedback.request_for(pair.pair_id, pair.senior_id)
    body = answer(4, junior=True, learned=("knitting",))  # a senior is not asked about safety

    response = await feedback.http.post(
        f"/feedback-requests/{request_id}/answer", json=body, headers=feedback.token(pair.senior_id)
    )

    assert response.status_code == 422
    problems = {tuple(p["loc"]) for p in response.json()["problems"]}
    assert problems == {
        ("body", "ratings", "psychological_safety"),
        ("body", "topics_learned", "0"),
    }
