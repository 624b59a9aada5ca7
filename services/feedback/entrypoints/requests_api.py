"""Feedback requests: read one, answer it and edit the answer (the person asked only), and
list a person's requests (that person, or the admins of the programs they are in)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.feedback.application.submissions import FeedbackSubmissions, SubmissionResult
from services.feedback.domain.model import FeedbackRequest
from services.feedback.domain.requests import RequestTiming, SubmissionRejected, edit_deadline
from services.feedback.entrypoints.dependencies import (
    Insights,
    ListLimit,
    Lists,
    Submissions,
    Timing,
)
from services.feedback.entrypoints.request_parts import (
    ERRORS,
    AnswerInBody,
    api_error,
    may_administer,
    participant_id_of,
)
from services.feedback.entrypoints.schemas import FeedbackRequestOut
from shared.http.auth import CurrentPrincipal, Forbidden, Principal

router = APIRouter(tags=["feedback"], responses=ERRORS)


async def _view(
    submissions: FeedbackSubmissions,
    timing: RequestTiming,
    principal: Principal,
    request: FeedbackRequest,
) -> FeedbackRequestOut:
    note = None
    if principal.is_participant(request.participant_id):
        note = await submissions.note_of(request, request.participant_id)
    return FeedbackRequestOut.of(
        request, editable_until=edit_deadline(request, timing), private_note=note
    )


def _answered(result: SubmissionResult, timing: RequestTiming) -> FeedbackRequestOut:
    return FeedbackRequestOut.of(
        result.request,
        editable_until=edit_deadline(result.request, timing),
        private_note=result.private_note,
    )


@router.get("/feedback-requests/{request_id}", response_model=FeedbackRequestOut)
async def get_request(
    request_id: str,
    principal: CurrentPrincipal,
    submissions: Submissions,
    insights: Insights,
    timing: Timing,
) -> FeedbackRequestOut:
    try:
        request = await submissions.get(request_id)
    except SubmissionRejected as error:
        raise api_error(error) from None
    readable = principal.is_participant(request.participant_id) or await may_administer(
        insights, principal, request.program_id
    )
    if not readable:
        raise Forbidden("not your feedback request")
    return await _view(submissions, timing, principal, request)


@router.post(
    "/feedback-requests/{request_id}/answer",
    response_model=FeedbackRequestOut,
    status_code=201,
    responses={200: {"description": "The same answer was already recorded"}},
)
async def submit_answer(
    request_id: str,
    body: AnswerInBody,
    principal: CurrentPrincipal,
    response: Response,
    submissions: Submissions,
    timing: Timing,
) -> FeedbackRequestOut:
    try:
        result = await submissions.submit(request_id, participant_id_of(principal), body.to_draft())
    except SubmissionRejected as error:
        raise api_error(error) from None
    if not result.created:
        response.status_code = 200
    return _answered(result, timing)


@router.put("/feedback-requests/{request_id}/answer", response_model=FeedbackRequestOut)
async def edit_answer(
    request_id: str,
    body: AnswerInBody,
    principal: CurrentPrincipal,
    submissions: Submissions,
    timing: Timing,
) -> FeedbackRequestOut:
    try:
        result = await submissions.edit(request_id, participant_id_of(principal), body.to_draft())
    except SubmissionRejected as error:
        raise api_error(error) from None
    return _answered(result, timing)


@router.get(
    "/participants/{participant_id}/feedback-requests",
    response_model=list[FeedbackRequestOut],
)
async def list_requests(
    participant_id: str,
    principal: CurrentPrincipal,
    submissions: Submissions,
    insights: Insights,
    lists: Lists,
    timing: Timing,
    list_limit: ListLimit,
    status: Annotated[
        Literal["pending", "answered", "withdrawn"] | None,
        Query(description="pending (still open for an answer), answered or withdrawn"),
    ] = None,
) -> list[FeedbackRequestOut]:
    """This person's newest requests (up to the service's list limit), newest first."""
    is_self = principal.is_participant(participant_id)
    if not (is_self or principal.is_platform_admin or "program_admin" in principal.roles):
        raise Forbidden("you can only list your own feedback requests")
    if status is None:
        found = await submissions.of_participant(participant_id, list_limit)
    else:
        stored = "open" if status == "pending" else status
        found = await lists.requests_of(participant_id, stored, list_limit)
    if not is_self:
        # An admin sees this person's requests in the programs they administer only.
        allowed = {
            program_id
            for program_id in {r.program_id for r in found}
            if await may_administer(insights, principal, program_id)
        }
        found = [r for r in found if r.program_id in allowed]
    return [await _view(submissions, timing, principal, r) for r in found]
