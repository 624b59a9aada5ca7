"""Programs: the list with a health line each, creating one, and editing its settings."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.application.ports import Json
from services.portal.domain.admin_forms import parse_settings, settings_fields
from services.portal.domain.failures import Invalid, NotFound, Section, Unavailable
from services.portal.domain.locale import SUPPORTED
from services.portal.domain.program_health import health_line
from services.portal.entrypoints.admin.program_page import program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin")
NEW_PROGRAM_DEFAULTS = {
    "timezone": "Europe/Berlin",
    "cadence_days": "14",
    "session_minutes": "60",
    "missed_after_hours": "12",
    "feedback_deadline_days": "7",
    "health_threshold": "0.5",
    "min_group_size": "5",
    "reminder_offsets_minutes": "1440, 60",
    "cohort": "default",
    "approval_mode": "auto",
    "self_assessment": "on",
}


def _figures(insights: Section[Json]) -> Json | None:
    """A program the feedback service has no figures for yet (404) is not a service down."""
    if isinstance(insights.failure, NotFound):
        return {}
    return insights.value


@router.get("")
async def admin_home(context: AdminPage) -> Response:
    return RedirectResponse("/admin/programs", status_code=303)


@router.get("/programs")
async def programs_list(context: AdminPage) -> Response:
    programs = await section(context.portal.matching.list_programs(context.token))
    rows: list[dict[str, Any]] = []
    if programs.ok and programs.value is not None:
        insights = await asyncio.gather(
            *(
                section(context.portal.feedback.insights(context.token, p["program_id"]))
                for p in programs.value
            )
        )
        for program, found in zip(programs.value, insights, strict=True):
            rows.append({"program": program, "health": health_line(program, _figures(found))})
    return context.render("admin/programs.html", programs=programs, rows=rows)


def _settings_form(
    context: PageContext,
    *,
    values: dict[str, Any],
    creating: bool,
    problems: Invalid | None = None,
    header: Any = None,
    status: int = 200,
) -> Response:
    return context.render(
        "admin/program_settings.html",
        values=values,
        creating=creating,
        failure=problems,
        supported=SUPPORTED,
        header=header,
        tab="settings",
        status=status,
    )


async def form_fields(request: Request, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The submitted fields: text values, and lists for the names in `lists` (checkboxes)."""
    form = await request.form()
    fields: dict[str, Any] = {
        k: v for k, v in form.items() if isinstance(v, str) and k not in lists
    }
    for name in lists:
        fields[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return fields


@router.get("/programs/new")
async def new_program(context: AdminPage) -> Response:
    values: dict[str, Any] = {**NEW_PROGRAM_DEFAULTS, "locales": ["en"]}
    if context.viewer and len(context.viewer.regions) == 1:
        values["region"] = next(iter(context.viewer.regions))
    return _settings_form(context, values=values, creating=True)


@router.post("/programs/new")
async def create_program(context: AdminForm) -> Response:
    values = await form_fields(context.request, lists=("locales",))
    parsed = parse_settings(values, with_program_id=True)
    if not parsed.ok:
        invalid = Invalid(None, "form", parsed.problems)
        return _settings_form(context, values=values, creating=True, problems=invalid, status=422)
    try:
        created = await context.portal.matching.launch_program(context.token, parsed.body)
    except Invalid as invalid:
        return _settings_form(context, values=values, creating=True, problems=invalid, status=422)
    return RedirectResponse(f"/admin/programs/{created['program_id']}", status_code=303)


@router.get("/programs/{program_id}/settings")
async def edit_settings(context: AdminPage, program_id: str) -> Response:
    program = await context.portal.matching.get_program(context.token, program_id)
    values: dict[str, Any] = {
        **settings_fields(program["settings"]),
        "locales": program["settings"].get("locales", []),
    }
    return _settings_form(
        context, values=values, creating=False, header=program_header(program_id, program)
    )


@router.post("/programs/{program_id}/settings")
async def save_settings(context: AdminForm, program_id: str) -> Response:
    values = await form_fields(context.request, lists=("locales",))
    parsed = parse_settings(values, with_program_id=False)
    header = program_header(program_id, None)
    if not parsed.ok:
        invalid = Invalid(None, "form", parsed.problems)
        return _settings_form(
            context, values=values, creating=False, problems=invalid, header=header, status=422
        )
    context.portal.headers.forget(program_id)
    try:
        await context.portal.matching.change_program(
            context.token, program_id, {"settings": parsed.body["settings"]}
        )
    except Invalid as invalid:
        return _settings_form(
            context, values=values, creating=False, problems=invalid, header=header, status=422
        )
    return RedirectResponse(f"/admin/programs/{program_id}?saved=settings", status_code=303)


@router.get("/programs/{program_id}")
async def program_overview(context: AdminPage, program_id: str) -> Response:
    program, insights, rounds = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        section(context.portal.feedback.insights(context.token, program_id)),
        section(context.portal.matching.list_rounds(context.token, program_id, limit=5)),
    )
    if program.failure is not None and not isinstance(program.failure, Unavailable):
        raise program.failure  # no such program, or not theirs: the whole page says so
    if program.value is not None and context.viewer is not None:
        context.portal.headers.put(context.viewer.subject, program_id, program.value)
    return context.render(
        "admin/program.html",
        header=program_header(program_id, program.value),
        program=program,
        insights=insights,
        rounds=rounds,
        health=health_line(program.value, _figures(insights)),
        saved=context.request.query_params.get("saved"),
        tab="overview",
    )
