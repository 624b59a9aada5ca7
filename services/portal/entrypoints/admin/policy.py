"""The matching policy: weights and hard rules, a dry run of a draft before it is saved, and
the history of saved versions."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.admin_forms import WEIGHTS, parse_policy, policy_changes
from services.portal.domain.failures import Invalid, PortalError
from services.portal.domain.round_review import review_of
from services.portal.entrypoints.admin.program_page import program_header
from services.portal.entrypoints.admin.programs import form_fields
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext, section

router = APIRouter(prefix="/admin/programs/{program_id}")


def policy_fields(policy: dict[str, Any]) -> dict[str, str]:
    values = {k: str(v) for k, v in policy.items() if k not in ("weights", "seniority_sweet_spot")}
    for name, weight in (policy.get("weights") or {}).items():
        values[f"weight_{name}"] = str(weight)
    low, high = policy.get("seniority_sweet_spot") or ("", "")
    values["sweet_spot_low"], values["sweet_spot_high"] = str(low), str(high)
    values["rematch_on_risk"] = "on" if policy.get("rematch_on_risk", True) else ""
    return values


async def _render(
    context: PageContext,
    program_id: str,
    *,
    values: dict[str, str] | None = None,
    trial: Any = None,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    program, history = await asyncio.gather(
        section(context.portal.matching.get_program(context.token, program_id)),
        section(context.portal.matching.policy_history(context.token, program_id)),
    )
    if program.failure is not None and values is None:
        raise program.failure
    versions: list[dict[str, Any]] = []
    if history.value:
        ordered = sorted(history.value, key=lambda h: int(h["version"]))
        previous: dict[str, Any] = {}
        for entry in ordered:
            changes = policy_changes(previous, entry["policy"]) if previous else []
            versions.append({**entry, "changes": changes})
            previous = entry["policy"]
        versions.reverse()
    if values is None and program.value is not None:
        values = policy_fields(program.value["policy"])
    return context.render(
        "admin/policy.html",
        header=program_header(program_id, program.value),
        tab="policy",
        values=values or {},
        weights=WEIGHTS,
        history=history,
        versions=versions,
        trial=trial,
        failure=failure,
        saved=context.request.query_params.get("saved"),
        status=status,
    )


@router.get("/policy")
async def policy_page(context: AdminPage, program_id: str) -> Response:
    return await _render(context, program_id)


@router.post("/policy/dry-run")
async def try_policy(context: AdminForm, program_id: str) -> Response:
    values = await form_fields(context.request)
    parsed = parse_policy(values)
    failure: PortalError | None = None
    trial = None
    if not parsed.ok:
        failure = Invalid(None, "form", parsed.problems)
    else:
        try:
            result = await context.portal.matching.run_round(
                context.token, program_id, dry_run=True, policy=parsed.body["policy"]
            )
            trial = review_of(result)
        except Invalid as invalid:
            failure = invalid
        except PortalError as other:
            if context.is_htmx:
                raise
            failure = other
    if context.is_htmx:
        return context.render(
            "admin/partials/policy_trial.html", trial=trial, failure=failure, program_id=program_id
        )
    return await _render(context, program_id, values=values, trial=trial, failure=failure)


@router.post("/policy")
async def save_policy(context: AdminForm, program_id: str) -> Response:
    values = await form_fields(context.request)
    parsed = parse_policy(values)
    if not parsed.ok:
        invalid = Invalid(None, "form", parsed.problems)
        return await _render(context, program_id, values=values, failure=invalid, status=422)
    try:
        context.portal.headers.forget(program_id)
        await context.portal.matching.change_program(context.token, program_id, parsed.body)
    except Invalid as invalid:
        return await _render(context, program_id, values=values, failure=invalid, status=422)
    return RedirectResponse(f"/admin/programs/{program_id}/policy?saved=1", status_code=303)
