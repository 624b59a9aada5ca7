"""Enrol by rule: which of the company directory's people the program takes in by itself (a
department, a place), on which terms; saved as the program's whole list of rules."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.application.ports import Json
from services.portal.domain.enrolment_rules_form import RulesForm, form_of, read_rules_form
from services.portal.domain.failures import PortalError, SignInRequired, Unavailable
from services.portal.entrypoints.admin.enrolment import provisioning_of
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.http_status import status_of
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")


async def _page(
    context: PageContext,
    program_id: str,
    *,
    form: RulesForm | None = None,
    outcome: Json | None = None,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    program = await header_program(context, program_id)
    current = None
    if form is None:
        current = await section(provisioning_of(context).enrolment_rules(context.token, program_id))
        form = form_of(current.value.get("rules", [])) if current.value else RulesForm()
    return context.render(
        "admin/enrol_rules.html",
        status=status,
        header=program_header(program_id, program.value),
        tab="enrol",
        current=current,
        rows=form.with_blank_rows(),
        form=form,
        outcome=outcome,
        failure=failure,
    )


@router.get("/enrol/rules")
async def rules_page(context: AdminPage, program_id: str) -> Response:
    return await _page(context, program_id)


@router.post("/enrol/rules")
async def rules_submit(context: AdminForm, program_id: str) -> Response:
    form = read_rules_form(await context.request.form())
    if form.problems:
        return await _page(context, program_id, form=form, status=422)
    outcome: Json | None = None
    failure: PortalError | None = None
    try:
        outcome = await provisioning_of(context).set_enrolment_rules(
            context.token, program_id, form.body()
        )
    except (Unavailable, SignInRequired):
        raise
    except PortalError as refused:  # e.g. 403 for another region's program
        failure = refused
    saved = form_of(outcome.get("rules", [])) if outcome else form
    return await _page(
        context,
        program_id,
        form=saved,
        outcome=outcome,
        failure=failure,
        status=200 if failure is None else status_of(failure),
    )
