"""Rules of a feedback request's life: who is asked, until when, and which answers are accepted."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from services.feedback.domain.model import (
    MAX_NOTE_CHARS,
    MAX_TOPICS,
    Answer,
    FeedbackRequest,
    ProgramPolicy,
    Ratings,
    Role,
    normalise_topics,
)


@dataclass(frozen=True, slots=True)
class HeldSession:
    session_id: str
    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    start: datetime
    completed_at: datetime
    attended_junior: bool = True
    attended_senior: bool = True


@dataclass(frozen=True, slots=True)
class HeldCompletion:
    """A completed session whose pair was not yet seen created: nobody is asked for feedback
    until the pair's creation arrives (pairs and sessions travel on different topics)."""

    session: HeldSession
    correlation_id: UUID
    cause_id: UUID


@dataclass(frozen=True, slots=True)
class RequestTiming:
    """Service-wide windows around the program's own deadline."""

    late_submission: timedelta = timedelta(days=14)
    edit_window: timedelta = timedelta(hours=48)


def attendees(session: HeldSession) -> list[tuple[str, Role]]:
    """Only people who were there are asked about the session."""
    people: list[tuple[str, Role]] = []
    if session.attended_junior:
        people.append((session.junior_id, "junior"))
    if session.attended_senior:
        people.append((session.senior_id, "senior"))
    return people


def open_request(
    session: HeldSession,
    participant_id: str,
    role: Role,
    *,
    request_id: str,
    policy: ProgramPolicy,
    timing: RequestTiming,
) -> FeedbackRequest:
    # The deadline runs from the session's completion, not from when this service got round
    # to it, so consumer lag or a replay never moves a deadline.
    due_at = session.completed_at + timedelta(days=policy.feedback_deadline_days)
    return FeedbackRequest(
        request_id=request_id,
        program_id=session.program_id,
        pair_id=session.pair_id,
        session_id=session.session_id,
        participant_id=participant_id,
        role=role,
        session_start=session.start,
        requested_at=session.completed_at,
        due_at=due_at,
        closes_at=due_at + timing.late_submission,
    )


RejectionKind = Literal["not_found", "forbidden", "conflict", "invalid"]


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    message: str


class SubmissionRejected(Exception):
    """An answer that cannot be taken, with a stable code for the API."""

    def __init__(
        self, kind: RejectionKind, code: str, message: str, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer as the participant sent it, before the rules have looked at it."""

    ratings: Ratings
    topics_learned: tuple[str, ...] = ()
    topics_taught: tuple[str, ...] = ()
    would_continue: bool = True
    private_note: str | None = None
    problems: list[Problem] = field(default_factory=list)


def check_answer(draft: Draft, role: Role, policy: ProgramPolicy) -> Answer:
    """The answer to store, or every problem with it at once."""
    problems = list(draft.problems)
    ratings = draft.ratings
    for name in ("value", "preparation", "psychological_safety"):
        score = getattr(ratings, name)
        if score is not None and not 1 <= score <= 5:
            problems.append(Problem(f"ratings.{name}", "must be between 1 and 5"))
    if role == "junior" and ratings.psychological_safety is None:
        problems.append(Problem("ratings.psychological_safety", "required from the junior mentor"))
    if role == "senior" and ratings.psychological_safety is not None:
        problems.append(Problem("ratings.psychological_safety", "asked of the junior mentor only"))
    learned = normalise_topics(draft.topics_learned)
    taught = normalise_topics(draft.topics_taught)
    for name, topics in (("topics_learned", learned), ("topics_taught", taught)):
        if len(topics) > MAX_TOPICS:
            problems.append(Problem(name, f"at most {MAX_TOPICS} topics"))
        # An empty vocabulary means the program's participants have not reached this service
        # yet; refusing then would punish the participant for our own lag.
        if policy.skills:
            problems.extend(
                Problem(f"{name}[{index}]", "not one of the program's skills")
                for index, topic in enumerate(topics)
                if topic not in policy.skills
            )
    if draft.private_note is not None and len(draft.private_note) > MAX_NOTE_CHARS:
        problems.append(Problem("private_note", f"at most {MAX_NOTE_CHARS} characters"))
    if problems:
        raise SubmissionRejected("invalid", "invalid_answer", "the answer is not valid", problems)
    return Answer(
        ratings=ratings,
        topics_learned=learned,
        topics_taught=taught,
        would_continue=draft.would_continue,
    )


def require_recipient(request: FeedbackRequest, participant_id: str | None) -> None:
    if participant_id is None or participant_id != request.participant_id:
        raise SubmissionRejected(
            "forbidden", "forbidden", "only the person asked can answer this request"
        )


def edit_deadline(request: FeedbackRequest, timing: RequestTiming) -> datetime | None:
    if request.first_submitted_at is None:
        return None
    return request.first_submitted_at + timing.edit_window


def accept_first_answer(
    request: FeedbackRequest, answer: Answer, *, now: datetime
) -> FeedbackRequest:
    """The request after its first answer; callers handle an identical repeat before this."""
    if request.status == "withdrawn":
        raise SubmissionRejected("conflict", "request_withdrawn", "this request was withdrawn")
    if request.answer is not None:
        raise SubmissionRejected(
            "conflict", "already_submitted", "feedback was already given; edit it instead"
        )
    if now > request.closes_at:
        raise SubmissionRejected("conflict", "request_closed", "this request is closed")
    return replace(
        request,
        status="answered",
        answer=answer,
        revision=1,
        first_submitted_at=now,
    )


def accept_edit(
    request: FeedbackRequest, answer: Answer, *, now: datetime, timing: RequestTiming
) -> FeedbackRequest:
    """The request after an edit; an unchanged answer keeps its revision."""
    if request.status == "withdrawn":
        raise SubmissionRejected("conflict", "request_withdrawn", "this request was withdrawn")
    if request.answer is None:
        raise SubmissionRejected("conflict", "not_submitted", "there is no answer to edit yet")
    deadline = edit_deadline(request, timing)
    if deadline is not None and now > deadline:
        raise SubmissionRejected(
            "conflict", "edit_window_closed", "the answer can no longer be edited"
        )
    if answer == request.answer:
        return request
    return replace(request, answer=answer, revision=request.revision + 1)
