"""Who is asked for feedback, until when, and which answers are accepted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.feedback.domain.model import ProgramPolicy, Ratings
from services.feedback.domain.requests import (
    Draft,
    HeldSession,
    RequestTiming,
    SubmissionRejected,
    accept_edit,
    accept_first_answer,
    attendees,
    check_answer,
    open_request,
    require_recipient,
)

DONE = datetime(2026, 4, 7, 11, 0, tzinfo=UTC)
POLICY = ProgramPolicy(
    "emea-1", feedback_deadline_days=5, skills=frozenset({"generative ai", "negotiation"})
)
TIMING = RequestTiming(late_submission=timedelta(days=10), edit_window=timedelta(hours=48))
SESSION = HeldSession(
    session_id="s-1",
    pair_id="pair-1",
    program_id="emea-1",
    junior_id="j-1",
    senior_id="s-1",
    start=DONE - timedelta(hours=1),
    completed_at=DONE,
)


def junior_request():
    return open_request(SESSION, "j-1", "junior", request_id="r-1", policy=POLICY, timing=TIMING)


def draft(**changes) -> Draft:
    base = Draft(
        ratings=Ratings(4, 5, 5),
        topics_taught=("Generative AI",),
        topics_learned=("negotiation",),
        would_continue=True,
    )
    return replace(base, **changes)


def rejection(call) -> SubmissionRejected:
    with pytest.raises(SubmissionRejected) as caught:
        call()
    return caught.value


def test_both_people_who_came_are_asked() -> None:
    assert attendees(SESSION) == [("j-1", "junior"), ("s-1", "senior")]


def test_someone_who_did_not_come_is_not_asked() -> None:
    assert attendees(replace(SESSION, attended_senior=False)) == [("j-1", "junior")]


def test_deadline_follows_the_program_and_runs_from_completion() -> None:
    request = junior_request()
    assert request.due_at == DONE + timedelta(days=5)
    assert request.closes_at == DONE + timedelta(days=15)


def test_answer_topics_are_normalised() -> None:
    answer = check_answer(
        draft(topics_taught=(" Generative  AI ", "generative ai")), "junior", POLICY
    )
    assert answer.topics_taught == ("generative ai",)


def test_junior_must_say_whether_they_could_speak_freely() -> None:
    error = rejection(lambda: check_answer(draft(ratings=Ratings(4, 4, None)), "junior", POLICY))
    assert error.kind == "invalid"
    assert [p.field for p in error.problems] == ["ratings.psychological_safety"]


def test_senior_is_not_asked_about_psychological_safety() -> None:
    error = rejection(lambda: check_answer(draft(), "senior", POLICY))
    assert [p.field for p in error.problems] == ["ratings.psychological_safety"]


def test_topics_must_be_skills_of_the_program_and_every_problem_is_listed() -> None:
    error = rejection(
        lambda: check_answer(
            draft(topics_learned=("knitting",), ratings=Ratings(9, 4, 4)), "junior", POLICY
        )
    )
    assert {p.field for p in error.problems} == {"ratings.value", "topics_learned[0]"}


def test_unknown_vocabulary_accepts_any_topic() -> None:
    answer = check_answer(draft(topics_learned=("knitting",)), "junior", ProgramPolicy("p"))
    assert answer.topics_learned == ("knitting",)


def test_only_the_person_asked_may_answer() -> None:
    request = junior_request()
    assert rejection(lambda: require_recipient(request, "s-1")).kind == "forbidden"
    assert rejection(lambda: require_recipient(request, None)).kind == "forbidden"
    require_recipient(request, "j-1")


def test_an_answer_is_given_once_then_edited() -> None:
    request = junior_request()
    answer = check_answer(draft(), "junior", POLICY)
    answered = accept_first_answer(request, answer, now=DONE + timedelta(days=1))
    assert (answered.status, answered.revision) == ("answered", 1)
    error = rejection(lambda: accept_first_answer(answered, answer, now=DONE))
    assert error.code == "already_submitted"
    changed = check_answer(draft(would_continue=False), "junior", POLICY)
    edited = accept_edit(answered, changed, now=DONE + timedelta(days=2), timing=TIMING)
    assert edited.revision == 2


def test_unchanged_edit_keeps_the_revision() -> None:
    answer = check_answer(draft(), "junior", POLICY)
    answered = accept_first_answer(junior_request(), answer, now=DONE)
    assert accept_edit(answered, answer, now=DONE, timing=TIMING) is answered


def test_edits_close_after_the_window() -> None:
    answer = check_answer(draft(), "junior", POLICY)
    answered = accept_first_answer(junior_request(), answer, now=DONE)
    late = DONE + timedelta(hours=49)
    changed = check_answer(draft(would_continue=False), "junior", POLICY)
    error = rejection(lambda: accept_edit(answered, changed, now=late, timing=TIMING))
    assert (error.kind, error.code) == ("conflict", "edit_window_closed")


def test_editing_before_answering_is_refused() -> None:
    answer = check_answer(draft(), "junior", POLICY)
    error = rejection(lambda: accept_edit(junior_request(), answer, now=DONE, timing=TIMING))
    assert error.code == "not_submitted"


def test_late_answers_are_taken_until_the_request_closes() -> None:
    request = junior_request()
    answer = check_answer(draft(), "junior", POLICY)
    accept_first_answer(request, answer, now=request.due_at + timedelta(days=3))
    error = rejection(
        lambda: accept_first_answer(request, answer, now=request.closes_at + timedelta(seconds=1))
    )
    assert error.code == "request_closed"


def test_withdrawn_request_takes_no_answer() -> None:
    request = replace(junior_request(), status="withdrawn")
    answer = check_answer(draft(), "junior", POLICY)
    assert rejection(lambda: accept_first_answer(request, answer, now=DONE)).code == (
        "request_withdrawn"
    )
