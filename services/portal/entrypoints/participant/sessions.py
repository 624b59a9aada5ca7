"""One session (/me/sessions/{session_id}): its time on my clock, the invitation, move, cancel."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.application.participant_overview import my_zone, session_lines
from services.portal.domain.failures import PortalError, SignInRequired
from services.portal.domain.local_time import LocalTimeError, instant_from_local_input
from services.portal.entrypoints.http_status import status_of
from services.portal.entrypoints.participant.views import posted_form, render_me
from services.portal.entrypoints.web import FormPage, Page, PageContext

router = APIRouter(prefix="/me/sessions/{session_id}")


@router.get("")
async def session_page(session_id: str, context: Page, done: str | None = None) -> Response:
    return await _render(context, session_id, done=done)


@router.get("/invitation.ics")
async def invitation(session_id: str, context: Page) -> Response:
    body = await context.portal.scheduling.invitation(context.token, session_id)
    return Response(
        content=body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{session_id}.ics"'},
    )


@router.post("/reschedule")
async def reschedule(session_id: str, context: FormPage) -> Response:
    form = await posted_form(context)
    if (form.get("next_possible") or [""])[0] == "true":
        body: dict[str, object] = {"next_possible": True}
    else:
        session = await context.portal.scheduling.get_session(context.token, session_id)
        zone = await my_zone(
            context.portal.matching,
            context.token,
            context.signed_in_viewer.subject,
            [str(session["program_id"])],
        )
        try:
            start = instant_from_local_input((form.get("start") or [""])[0], zone)
        except LocalTimeError as error:
            return await _render(context, session_id, error=f"me.session.{error.code}", status=422)
        body = {"start": start.isoformat()}
    try:
        await context.portal.scheduling.reschedule(context.token, session_id, body)
    except SignInRequired:
        raise
    except PortalError as failure:
        return await _render(context, session_id, failure=failure, status=status_of(failure))
    return RedirectResponse(f"/me/sessions/{session_id}?done=moved", 303)


@router.post("/cancel")
async def cancel(session_id: str, context: FormPage) -> Response:
    try:
        await context.portal.scheduling.cancel(context.token, session_id)
    except SignInRequired:
        raise
    except PortalError as failure:
        return await _render(context, session_id, failure=failure, status=status_of(failure))
    return RedirectResponse(f"/me/sessions/{session_id}?done=cancelled", 303)


async def _render(
    context: PageContext,
    session_id: str,
    *,
    done: str | None = None,
    error: str | None = None,
    failure: PortalError | None = None,
    status: int = 200,
) -> Response:
    session = await context.portal.scheduling.get_session(context.token, session_id)
    zone = await my_zone(
        context.portal.matching,
        context.token,
        context.signed_in_viewer.subject,
        [str(session["program_id"])],
    )
    series = {"pair_id": session["pair_id"], "program_id": session["program_id"]}
    (line,) = session_lines([{**series, "sessions": [session]}], zone)
    return render_me(
        context,
        "me/session.html",
        status=status,
        session=session,
        line=line,
        zone=zone,
        done=done if done in {"moved", "cancelled"} else None,
        error=error,
        failure=failure,
        default_start=line.span.start.strftime("%Y-%m-%dT%H:%M"),
    )
