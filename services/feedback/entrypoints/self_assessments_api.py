"""Self-assessments: a participant records their skill levels before (`pre`) and after
(`post`) a program, and reads back their own."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from services.feedback.domain.requests import SubmissionRejected
from services.feedback.entrypoints.dependencies import Assessments
from services.feedback.entrypoints.request_parts import (
    ERRORS,
    SelfAssessmentInBody,
    api_error,
    participant_id_of,
)
from services.feedback.entrypoints.schemas import SelfAssessmentOut
from shared.http.auth import CurrentPrincipal, Forbidden

router = APIRouter(tags=["feedback"], responses=ERRORS)


@router.put(
    "/programs/{program_id}/self-assessments/{phase:assessment_phase}",
    response_model=SelfAssessmentOut,
)
async def put_self_assessment(
    program_id: str,
    phase: Literal["pre", "post"],
    body: SelfAssessmentInBody,
    principal: CurrentPrincipal,
    assessments: Assessments,
) -> SelfAssessmentOut:
    participant_id = participant_id_of(principal)
    if participant_id is None:
        raise Forbidden("self-assessments are given by participants")
    try:
        saved = await assessments.record(
            program_id, participant_id, phase, [(lv.skill, lv.level) for lv in body.levels]
        )
    except SubmissionRejected as error:
        raise api_error(error) from None
    return SelfAssessmentOut.of(saved)


@router.get("/programs/{program_id}/self-assessments/me", response_model=list[SelfAssessmentOut])
async def my_self_assessments(
    program_id: str, principal: CurrentPrincipal, assessments: Assessments
) -> list[SelfAssessmentOut]:
    participant_id = participant_id_of(principal)
    if participant_id is None:
        raise Forbidden("self-assessments are read by their author")
    return [SelfAssessmentOut.of(a) for a in await assessments.of(program_id, participant_id)]
