"""Giving and editing feedback through the application, on fakes of its stores."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.feedback.application.mapping import request_id_for
from services.feedback.domain.model import Ratings
from services.feedback.domain.requests import Draft, SubmissionRejected
from tests.unit.feedback.events import JUNIOR, SENIOR, START, pair_created, session_completed
from tests.unit.feedback.world import FeedbackWorld

JUNIOR_REQUEST = request_id_for("s-0", JUNIOR)
GOOD = Draft(ratings=Ratings(5, 4, 5))


async def asked_world() -> FeedbackWorld:
    """A pair whose first session was held an hour ago: both people have a request."""
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))
    return world


async def test_person_asked_can_answer_and_the_answer_is_announced() -> None:
    world = await asked_world()

    result = await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)

    assert result.created
    assert world.requests.requests[JUNIOR_REQUEST].status == "answered"
    assert len(world.of_type("FeedbackSubmitted")) == 1
    assert world.observer.submitted["junior"] == 1


async def test_someone_else_cannot_answer_a_request() -> None:
    world = await asked_world()

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.submit(JUNIOR_REQUEST, SENIOR, GOOD)

    assert refused.value.kind == "forbidden"
    assert world.of_type("FeedbackSubmitted") == []


async def test_unknown_request_is_not_found() -> None:
    world = await asked_world()

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.submit("no-such-request", JUNIOR, GOOD)

    assert refused.value.kind == "not_found"


async def test_same_answer_sent_twice_is_recorded_once() -> None:
    world = await asked_world()

    await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)
    again = await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)

    assert not again.created
    assert len(world.of_type("FeedbackSubmitted")) == 1


async def test_a_different_second_answer_must_be_an_edit() -> None:
    world = await asked_world()
    await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, Draft(ratings=Ratings(2, 2, 2)))

    assert refused.value.code == "already_submitted"


async def test_edit_within_its_window_changes_the_answer_and_is_announced() -> None:
    world = await asked_world()
    await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)

    edited = await world.submissions.edit(JUNIOR_REQUEST, JUNIOR, Draft(ratings=Ratings(3, 3, 3)))

    assert edited.changed
    assert edited.request.revision == 2
    assert len(world.of_type("FeedbackSubmitted")) == 2
    assert sum(world.observer.edited.values()) == 1


async def test_edit_after_its_window_is_refused() -> None:
    world = await asked_world()
    await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)
    world.clock.advance(timedelta(days=3))

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.edit(JUNIOR_REQUEST, JUNIOR, Draft(ratings=Ratings(3, 3, 3)))

    assert refused.value.code == "edit_window_closed"


async def test_answer_after_the_request_closed_is_refused() -> None:
    world = await asked_world()
    world.clock.advance(timedelta(days=30))

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, GOOD)

    assert refused.value.code == "request_closed"


async def test_private_note_is_kept_apart_and_never_travels_in_an_event() -> None:
    world = await asked_world()
    note = "I felt unsure about the second topic"

    await world.submissions.submit(
        JUNIOR_REQUEST, JUNIOR, Draft(ratings=Ratings(5, 4, 5), private_note=note)
    )

    assert world.notes.notes == {(JUNIOR_REQUEST, JUNIOR): note}
    assert all(note not in e.model_dump_json() for e in world.published)


async def test_invalid_answer_lists_its_problems_and_stores_nothing() -> None:
    world = await asked_world()

    with pytest.raises(SubmissionRejected) as refused:
        await world.submissions.submit(JUNIOR_REQUEST, JUNIOR, Draft(ratings=Ratings(9, 4, None)))

    assert {p.field for p in refused.value.problems} == {
        "ratings.value",
        "ratings.psychological_safety",
    }
    assert world.requests.requests[JUNIOR_REQUEST].answer is None
