"""What several feedback routes share: the error mapping, typed query and body parts, the
`assessment_phase` path convertor, and who may read or administer what."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from starlette.convertors import Convertor, register_url_convertor

from services.feedback.application.insights import InsightsQueries
from services.feedback.domain.model import ProgramPolicy
from services.feedback.domain.requests import SubmissionRejected
from services.feedback.entrypoints.schemas import AnswerIn, SelfAssessmentIn
from shared.http.auth import Forbidden, Principal
from shared.http.error_docs import error_responses
from shared.http.errors import ApiError, NotFound
from shared.http.strict_body import strict_json

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


def participant_id_of(principal: Principal) -> str | None:
    return principal.subject if "participant" in principal.roles else None


async def administered_program(
    insights: InsightsQueries, principal: Principal, program_id: str
) -> ProgramPolicy:
    policy = await insights.program(program_id)
    if policy is None:
        # Only someone who could administer it learns that the program is unknown.
        if principal.administers(program_id, None):
            raise NotFound("program")
        raise Forbidden("not an admin of this program")
    principal.require_admin_of(program_id, policy.region)
    return policy


async def may_administer(insights: InsightsQueries, principal: Principal, program_id: str) -> bool:
    policy = await insights.program(program_id)
    return principal.administers(program_id, policy.region if policy else None)
