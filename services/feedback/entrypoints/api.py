"""The feedback HTTP API: answering requests, pair health, insights and self-assessments.

Every route needs a principal. Answers are given and edited by the person asked only; a
participant reads only their own requests (and only they ever see their private note);
program admins read their programs' requests, pair health and insights.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import PlainTextResponse
from starlette.convertors import Convertor, register_url_convertor

from services.feedback.adapters.lists import FeedbackLists
from services.feedback.application.insights import InsightsQueries
from services.feedback.application.ports import PairStore
from services.feedback.application.self_assessment import SelfAssessments
from services.feedback.application.submissions import FeedbackSubmissions, SubmissionResult
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy
from services.feedback.domain.requests import RequestTiming, SubmissionRejected, edit_deadline
from services.feedback.entrypoints.insights_csv import render_csv
from services.feedback.entrypoints.schemas import (
    AnswerIn,
    FeedbackRequestOut,
    InsightsOut,
    PairHealthOut,
    PairHealthPage,
    SelfAssessmentIn,
    SelfAssessmentOut,
)
from shared.http.auth import CurrentPrincipal, Forbidden, Principal
from shared.http.error_docs import error_responses
from shared.http.errors import ApiError, NotFound
from shared.http.pagination import Cursor, CursorCodec, Limit, page_of
from shared.http.strict_body import QueryFlag, strict_json

_PAIR_HEALTH = CursorCodec("feedback.pair_health")
ERRORS = error_responses(401, 403, 404, 422, 503)
_STATUS = {"not_found": 404, "forbidden": 403, "conflict": 409, "invalid": 422}
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Identifier = Annotated[str, Query(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@-]+$")]
AnswerInBody = Annotated[AnswerIn, strict_json(AnswerIn)]
SelfAssessmentInBody = Annotated[SelfAssessmentIn, strict_json(SelfAssessmentIn)]


class AssessmentPhase(Convertor[str]):
    """`pre` or `post` only, so that `/self-assessments/me` is never taken for a phase: a PUT
    there is a method the path does not serve (405), not an invalid phase (422)."""

    regex = "pre|post"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("assessment_phase", AssessmentPhase())


def api_error(error: SubmissionRejected) -> ApiError:
    problems = [
        {
            "loc": ["body", *p.field.replace("[", ".").replace("]", "").split(".")],
            "msg": p.message,
            "type": error.code,
        }
        for p in error.problems
    ]
    return ApiError(_STATUS[error.kind], error.code, error.message, problems)


def _participant_id(principal: Principal) -> str | None:
    return principal.subject if "participant" in principal.roles else None


def build_router(
    *,
    submissions: FeedbackSubmissions,
    insights: InsightsQueries,
    assessments: SelfAssessments,
    pairs: PairStore,
    timing: RequestTiming,
    list_limit: int,
    lists: FeedbackLists,
) -> APIRouter:
    router = APIRouter(tags=["feedback"], responses=ERRORS)

    async def administered_program(principal: Principal, program_id: str) -> ProgramPolicy:
        policy = await insights.program(program_id)
        if policy is None:
            # Only someone who could administer it learns that the program is unknown.
            if principal.administers(program_id, None):
                raise NotFound("program")
            raise Forbidden("not an admin of this program")
        principal.require_admin_of(program_id, policy.region)
        return policy

    async def may_administer(principal: Principal, program_id: str) -> bool:
        policy = await insights.program(program_id)
        return principal.administers(program_id, policy.region if policy else None)

    async def may_read(principal: Principal, request: FeedbackRequest) -> bool:
        if principal.is_participant(request.participant_id):
            return True
        return await may_administer(principal, request.program_id)

    async def view(principal: Principal, request: FeedbackRequest) -> FeedbackRequestOut:
        note = None
        if principal.is_participant(request.participant_id):
            note = await submissions.note_of(request, request.participant_id)
        return FeedbackRequestOut.of(
            request, editable_until=edit_deadline(request, timing), private_note=note
        )

    def answered(result: SubmissionResult) -> FeedbackRequestOut:
        return FeedbackRequestOut.of(
            result.request,
            editable_until=edit_deadline(result.request, timing),
            private_note=result.private_note,
        )

    @router.get("/feedback-requests/{request_id}", response_model=FeedbackRequestOut)
    async def get_request(request_id: str, principal: CurrentPrincipal) -> FeedbackRequestOut:
        try:
            request = await submissions.get(request_id)
        except SubmissionRejected as error:
            raise api_error(error) from None
        if not await may_read(principal, request):
            raise Forbidden("not your feedback request")
        return await view(principal, request)

    @router.post(
        "/feedback-requests/{request_id}/answer",
        response_model=FeedbackRequestOut,
        status_code=201,
        responses={200: {"description": "The same answer was already recorded"}},
    )
    async def submit_answer(
        request_id: str, body: AnswerInBody, principal: CurrentPrincipal, response: Response
    ) -> FeedbackRequestOut:
        try:
            result = await submissions.submit(
                request_id, _participant_id(principal), body.to_draft()
            )
        except SubmissionRejected as error:
            raise api_error(error) from None
        if not result.created:
            response.status_code = 200
        return answered(result)

    @router.put("/feedback-requests/{request_id}/answer", response_model=FeedbackRequestOut)
    async def edit_answer(
        request_id: str, body: AnswerInBody, principal: CurrentPrincipal
    ) -> FeedbackRequestOut:
        try:
            result = await submissions.edit(request_id, _participant_id(principal), body.to_draft())
        except SubmissionRejected as error:
            raise api_error(error) from None
        return answered(result)

    @router.get(
        "/participants/{participant_id}/feedback-requests",
        response_model=list[FeedbackRequestOut],
    )
    async def list_requests(
        participant_id: str,
        principal: CurrentPrincipal,
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
                if await may_administer(principal, program_id)
            }
            found = [r for r in found if r.program_id in allowed]
        return [await view(principal, r) for r in found]

    @router.get("/programs/{program_id}/pair-health", response_model=PairHealthPage)
    async def pair_health(
        program_id: str,
        principal: CurrentPrincipal,
        at_risk_only: Annotated[QueryFlag, Query(description="only pairs at risk now")] = False,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PairHealthPage:
        """The health of the program's active pairs, by pair id."""
        await administered_program(principal, program_id)
        filters = {"program": program_id, "at_risk_only": at_risk_only}
        after = _PAIR_HEALTH.decode(cursor, filters, 1)
        found, total = await lists.pair_health(
            program_id,
            at_risk_only=at_risk_only,
            after=str(after[0]) if after else None,
            limit=limit,
        )
        page = page_of(
            found,
            limit=limit,
            total=total,
            position_of=lambda pair: (pair.pair_id,),
            view=PairHealthOut.of,
            codec=_PAIR_HEALTH,
            filters=filters,
        )
        return PairHealthPage(items=page.items, next_cursor=page.next_cursor, total=total)

    @router.get(
        "/programs/{program_id}/insights",
        response_model=InsightsOut,
        responses={200: {"content": {"text/csv": {}}}},
    )
    async def program_insights(
        program_id: str, principal: CurrentPrincipal, format: Format = "json"
    ) -> Any:
        policy = await administered_program(principal, program_id)
        report = await insights.for_program(policy)
        if format == "csv":
            return PlainTextResponse(render_csv(report), media_type="text/csv")
        return InsightsOut.model_validate(report, from_attributes=True)

    @router.get(
        "/insights", response_model=InsightsOut, responses={200: {"content": {"text/csv": {}}}}
    )
    async def region_insights(
        principal: CurrentPrincipal,
        region: Identifier,
        cohort: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
        format: Format = "json",
    ) -> Any:
        programs = [
            p
            for p in await insights.programs_in(region, cohort)
            if principal.administers(p.program_id, p.region)
        ]
        if not programs and not (principal.is_platform_admin or region in principal.regions):
            raise Forbidden("not an admin of this region")
        report = await insights.for_region(programs, region=region, cohort=cohort)
        if format == "csv":
            return PlainTextResponse(render_csv(report), media_type="text/csv")
        return InsightsOut.model_validate(report, from_attributes=True)

    @router.put(
        "/programs/{program_id}/self-assessments/{phase:assessment_phase}",
        response_model=SelfAssessmentOut,
    )
    async def put_self_assessment(
        program_id: str,
        phase: Literal["pre", "post"],
        body: SelfAssessmentInBody,
        principal: CurrentPrincipal,
    ) -> SelfAssessmentOut:
        participant_id = _participant_id(principal)
        if participant_id is None:
            raise Forbidden("self-assessments are given by participants")
        try:
            saved = await assessments.record(
                program_id, participant_id, phase, [(lv.skill, lv.level) for lv in body.levels]
            )
        except SubmissionRejected as error:
            raise api_error(error) from None
        return SelfAssessmentOut.of(saved)

    @router.get(
        "/programs/{program_id}/self-assessments/me", response_model=list[SelfAssessmentOut]
    )
    async def my_self_assessments(
        program_id: str, principal: CurrentPrincipal
    ) -> list[SelfAssessmentOut]:
        participant_id = _participant_id(principal)
        if participant_id is None:
            raise Forbidden("self-assessments are read by their author")
        return [SelfAssessmentOut.of(a) for a in await assessments.of(program_id, participant_id)]

    return router
