"""Feedback (/me/feedback/{request_id}) and the self-assessment before and after a program."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.application.participant_overview import FALLBACK_ZONE, guarded, instant_of
from services.portal.domain.failures import NotFound, PortalError, SignInRequired
from services.portal.domain.local_time import session_in_zone
from services.portal.domain.participant_feedback_form import (
    answer_form_values,
    parse_feedback_form,
    parse_self_assessment_form,
    topic_choices,
)
from services.portal.entrypoints.participant.views import posted_form, render_me
from services.portal.entrypoints.web import FormPage, Page, PageContext

router = APIRouter(prefix="/me")
PHASES = ("pre", "post")


class SelfAssessmentOff(NotFound):
    """The program does not ask its participants for a self-assessment (its settings say so)."""

    text_key = "me.self_assessment.off"


@router.get("/feedback/{request_id}")
async def feedback_page(request_id: str, context: Page, saved: bool = False) -> Response:
    request = await context.portal.feedback.get_request(context.token, request_id)
    values = answer_form_values(request.get("answer"))
    asked = await _answer_frame(context, request)
    return _render_feedback(context, request, asked, values, {}, saved=saved)


@router.post("/feedback/{request_id}")
async def answer_feedback(request_id: str, context: FormPage) -> Response:
    portal = context.portal
    request = await portal.feedback.get_request(context.token, request_id)
    form = await posted_form(context)
    asked = await _answer_frame(context, request)
    result = parse_feedback_form(form, role=str(request["role"]), topics=asked.topics)
    failure: PortalError | None = None
    if result.body is not None:
        try:
            await portal.feedback.answer(
                context.token, request_id, result.body, edit=request.get("answer") is not None
            )
            return RedirectResponse(f"/me/feedback/{request_id}?saved=true", 303)
        except SignInRequired:
            raise
        except PortalError as error:
            failure = error
    values: dict[str, Any] = {name: v[0] if v else "" for name, v in form.items()}
    values["topics_learned"] = list(form.get("topics_learned") or [])
    values["topics_taught"] = list(form.get("topics_taught") or [])
    return _render_feedback(
        context, request, asked, values, result.errors, failure=failure, status=422
    )


@router.get("/programs/{program_id}/self-assessment/{phase}")
async def assessment_page(
    program_id: str, phase: str, context: Page, saved: bool = False
) -> Response:
    skills, mine = await asyncio.gather(
        _my_skills(context, program_id, phase),
        guarded(context.portal.feedback.my_self_assessments(context.token, program_id)),
    )
    given = next((a for a in mine.value or [] if a.get("phase") == phase), None)
    levels = {str(s["skill"]): str(s["level"]) for s in (given or {}).get("levels") or []}
    return _render_assessment(context, program_id, phase, skills, levels, {}, saved=saved)


@router.post("/programs/{program_id}/self-assessment/{phase}")
async def save_assessment(program_id: str, phase: str, context: FormPage) -> Response:
    skills = await _my_skills(context, program_id, phase)
    form = await posted_form(context)
    result = parse_self_assessment_form(form, skills)
    failure: PortalError | None = None
    if result.body is not None:
        try:
            await context.portal.feedback.put_self_assessment(
                context.token, program_id, phase, result.body
            )
            return RedirectResponse(
                f"/me/programs/{program_id}/self-assessment/{phase}?saved=true", 303
            )
        except SignInRequired:
            raise
        except PortalError as error:
            failure = error
    levels = {
        (form.get(f"assess-{i}-skill") or [""])[0]: (form.get(f"assess-{i}-level") or [""])[0]
        for i in range(len(skills))
    }
    return _render_assessment(
        context, program_id, phase, skills, levels, result.errors, failure=failure, status=422
    )


@dataclass(frozen=True)
class AnswerFrame:
    """What the answer form needs besides the request: the topics to offer, the person's
    clock."""

    topics: list[str]
    zone: str


async def _answer_frame(context: PageContext, request: dict[str, Any]) -> AnswerFrame:
    """One round of calls: the person's own profile gives both their skills and time zone."""
    portal, token = context.portal, context.token
    program_id, me = str(request["program_id"]), context.signed_in_viewer.subject
    mine, partner = await asyncio.gather(
        guarded(portal.matching.get_participant(token, program_id, me)),
        guarded(portal.matching.partner_card(token, program_id, str(request["pair_id"]))),
    )
    profile = (mine.value or {}).get("participant")
    zone = (profile or {}).get("timezone") or FALLBACK_ZONE
    return AnswerFrame(topics=topic_choices(profile, partner.value), zone=str(zone))


def _render_feedback(
    context: PageContext,
    request: dict[str, Any],
    asked: AnswerFrame,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    saved: bool = False,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    zone, topics = asked.zone, asked.topics
    answer = request.get("answer") or {}
    editable_until = answer.get("editable_until")
    now = datetime.now(UTC)
    open_for_answer = request.get("status") == "open" and instant_of(request["closes_at"]) > now
    editable = (
        open_for_answer
        if not answer
        else editable_until is not None and instant_of(editable_until) > now
    )
    return render_me(
        context,
        "me/feedback.html",
        status=status,
        feedback_request=request,
        session=session_in_zone(instant_of(request["session_start"]), 0, zone),
        due=session_in_zone(instant_of(request["due_at"]), 0, zone),
        until=session_in_zone(instant_of(editable_until), 0, zone) if editable_until else None,
        topics=topics,
        values=values,
        errors=errors,
        failure=failure,
        saved=saved,
        editable=editable,
        answered=bool(answer),
    )


async def _my_skills(context: PageContext, program_id: str, phase: str) -> list[str]:
    """The skills to rate, for a program that asks for the self-assessment."""
    if phase not in PHASES:
        raise NotFound(None, "phase")
    me = context.signed_in_viewer.subject
    matching = context.portal.matching
    program, found = await asyncio.gather(
        matching.program_summary(context.token, program_id),
        matching.get_participant(context.token, program_id, me),
    )
    if not program.get("self_assessment", True):
        raise SelfAssessmentOff(None, "self_assessment")
    return topic_choices(found.get("participant"))


def _render_assessment(
    context: PageContext,
    program_id: str,
    phase: str,
    skills: list[str],
    levels: dict[str, str],
    errors: dict[str, str],
    *,
    saved: bool = False,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    return render_me(
        context,
        "me/self_assessment.html",
        status=status,
        program_id=program_id,
        phase=phase,
        skills=skills,
        levels=levels,
        errors=errors,
        failure=failure,
        saved=saved,
    )
