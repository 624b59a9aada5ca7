"""The in-app inbox (/me/inbox) and notification preferences (/me/preferences).

The preferences page is the one every email links to.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.application.participant_overview import guarded, instant_of, my_zone
from services.portal.domain.failures import PortalError, SignInRequired
from services.portal.domain.local_time import session_in_zone
from services.portal.domain.participant_preferences_form import (
    parse_preferences_form,
    preferences_form_values,
)
from services.portal.domain.participant_profile_form import known_timezones
from services.portal.entrypoints.participant.views import posted_form, render_me
from services.portal.entrypoints.web import FormPage, Page, PageContext

router = APIRouter(prefix="/me")
INBOX_PAGE = 20


@router.get("/inbox")
async def inbox_page(context: Page, cursor: str | None = None) -> Response:
    me = context.signed_in_viewer.subject
    page, zone = await asyncio.gather(
        guarded(
            context.portal.notifications.inbox(context.token, me, limit=INBOX_PAGE, cursor=cursor)
        ),
        _zone(context),
    )
    body: dict[str, Any] = page.value or {}
    messages = body.get("items") or body.get("messages") or []
    shown = [{**m, "at": session_in_zone(instant_of(m["created_at"]), 0, zone)} for m in messages]
    return render_me(
        context,
        "me/inbox.html",
        page=page,
        messages=shown,
        next_cursor=body.get("next_cursor"),
        total=body.get("total"),
    )


@router.post("/inbox/read")
async def mark_all_read(context: FormPage) -> Response:
    me = context.signed_in_viewer.subject
    await context.portal.notifications.mark_read(context.token, me, {"all": True})
    return RedirectResponse("/me/inbox", 303)


@router.get("/preferences")
async def preferences_page(context: Page, saved: bool = False) -> Response:
    me = context.signed_in_viewer.subject
    stored = await context.portal.notifications.get_preferences(context.token, me)
    return _render(context, preferences_form_values(stored), {}, saved=saved)


@router.post("/preferences")
async def save_preferences(context: FormPage) -> Response:
    form = await posted_form(context)
    result = parse_preferences_form(form)
    failure: PortalError | None = None
    if result.body is not None:
        try:
            me = context.signed_in_viewer.subject
            await context.portal.notifications.put_preferences(context.token, me, result.body)
            return RedirectResponse("/me/preferences?saved=true", 303)
        except SignInRequired:
            raise
        except PortalError as error:
            failure = error
    values: dict[str, Any] = {name: v[0] if v else "" for name, v in form.items()}
    for box in ("email", "chat", "inbox", "quiet_off", "daily_digest"):
        values[box] = values.get(box) == "on"
    return _render(context, values, result.errors, failure=failure, status=422)


async def _zone(context: PageContext) -> str:
    me = context.signed_in_viewer.subject
    # Asked together: the programs are only needed when the preferences name no zone.
    found, memberships = await asyncio.gather(
        guarded(context.portal.notifications.get_preferences(context.token, me)),
        guarded(context.portal.matching.participant_programs(context.token, me)),
    )
    zone = (found.value or {}).get("timezone")
    if zone:
        return str(zone)
    program_ids = [str(m["program"]["program_id"]) for m in memberships.value or []]
    return await my_zone(context.portal.matching, context.token, me, program_ids)


def _render(
    context: PageContext,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    saved: bool = False,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    return render_me(
        context,
        "me/preferences.html",
        status=status,
        values=values,
        errors=errors,
        failure=failure,
        saved=saved,
        zones=sorted(known_timezones()),
        now=datetime.now(UTC),
    )
