"""The participant's profile form (/me/programs/{program_id}/profile): first visit and later.

Saving PUTs the whole participant contract to matching, which emits ParticipantUpdated.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.availability_grid import (
    WEEKDAYS,
    cells_from_windows,
    clock,
    grid_rows,
    step_for,
)
from services.portal.domain.failures import PortalError, SignInRequired
from services.portal.domain.participant_profile_form import (
    LOCALES,
    FormData,
    known_timezones,
    parse_profile_form,
    profile_form_values,
)
from services.portal.entrypoints.http_status import status_of
from services.portal.entrypoints.participant.views import posted_form, render_me
from services.portal.entrypoints.web import FormPage, Page, PageContext

router = APIRouter(prefix="/me/programs/{program_id}")
BLANK_ROWS = 3


@router.get("/profile")
async def profile_page(program_id: str, context: Page, saved: bool = False) -> Response:
    stored = await _stored(context, program_id)
    windows = stored.get("availability") or []
    step = step_for(windows)
    chosen = {cell.key for cell in cells_from_windows(windows, step)}
    return _render(
        context, program_id, stored, profile_form_values(stored, BLANK_ROWS), chosen, step,
        errors={}, saved=saved,
    )  # fmt: skip


@router.post("/profile")
async def save_profile(program_id: str, context: FormPage) -> Response:
    stored = await _stored(context, program_id)
    form = await posted_form(context)
    result = parse_profile_form(form, stored)
    failure: PortalError | None = None
    if result.profile is not None:
        try:
            await context.portal.matching.update_participant(
                context.token, program_id, context.signed_in_viewer.subject, result.profile
            )
            chosen_locale = result.profile.get("locale")
            if chosen_locale and context.session is not None:
                # The profile's language is the person's choice for the portal too.
                await context.portal.flow.remember_locale(context.session, str(chosen_locale))
            return RedirectResponse(f"/me/programs/{program_id}/profile?saved=true", 303)
        except SignInRequired:
            raise
        except PortalError as error:
            failure = error
    step_text = (form.get("availability-step") or ["60"])[0]
    step = int(step_text) if step_text in {"15", "30", "60"} else 60
    return _render(
        context, program_id, stored, _as_values(form), set(form.get("availability") or []), step,
        errors=result.errors, failure=failure,
        status=422 if result.errors or failure is None else status_of(failure),
    )  # fmt: skip


async def _stored(context: PageContext, program_id: str) -> dict[str, Any]:
    me = context.signed_in_viewer.subject
    found = await context.portal.matching.get_participant(context.token, program_id, me)
    return dict(found.get("participant") or {})


def _as_values(form: FormData) -> dict[str, str]:
    return {name: values[0] if values else "" for name, values in form.items()}


def _rows(values: dict[str, str], prefix: str) -> list[int]:
    indexes = {int(name.split("-")[1]) for name in values if name.startswith(f"{prefix}-")}
    return sorted(indexes) or list(range(BLANK_ROWS))


def _render(
    context: PageContext,
    program_id: str,
    stored: dict[str, Any],
    values: dict[str, str],
    chosen: set[str],
    step: int,
    *,
    errors: dict[str, str],
    saved: bool = False,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    zone = values.get("timezone") or str(stored.get("timezone") or "UTC")
    return render_me(
        context,
        "me/profile.html",
        status=status,
        program_id=program_id,
        role=stored.get("role"),
        values=values,
        offer_rows=_rows(values, "offer"),
        goal_rows=_rows(values, "goal"),
        chosen=chosen,
        step=step,
        days=WEEKDAYS,
        rows=[clock(minute) for minute in grid_rows(step)],
        zone=zone,
        zones=sorted(known_timezones()),
        locales=LOCALES,
        errors=errors,
        failure=failure,
        saved=saved,
    )
