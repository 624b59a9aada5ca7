"""Feedback on the real broker and database: requests, answers, pair health, nudges, erasure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.events import FeedbackRequested, FeedbackSubmitted, PairAtRisk, PairHealthRecovered
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.scenario import (
    Pair,
    answer,
    erased,
    new_id,
    participant_joined,
    program_launched,
)

pytestmark = pytest.mark.integration


def requested_for(events: list[Any], session_id: str) -> list[FeedbackRequested]:
    return [e for e in events if isinstance(e, FeedbackRequested) and e.session_id == session_id]


def submitted_by(events: list[Any], participant_id: str) -> list[FeedbackSubmitted]:
    return [
        e for e in events if isinstance(e, FeedbackSubmitted) and e.participant_id == participant_id
    ]


async def launched_program(feedback: FeedbackHarness, **settings: Any) -> str:
    program_id = new_id("prog")
    await feedback.publish(program_launched(program_id, feedback.now(), **settings))
    await wait_for(lambda: feedback.db["programs"].find_one({"_id": program_id, "version": 1}))
    return program_id


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
