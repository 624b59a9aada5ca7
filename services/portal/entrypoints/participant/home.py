"""The participant's home (/me) and the list of all their sessions (/me/sessions)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.application.participant_overview import (
    guarded,
    my_zone,
    overview,
    session_lines,
)
from services.portal.entrypoints.participant.views import render_me
from services.portal.entrypoints.web import Page

router = APIRouter(prefix="/me")


@router.get("")
async def home(context: Page) -> Response:
    portal = context.portal
    found = await overview(
        matching=portal.matching,
        scheduling=portal.scheduling,
        feedback=portal.feedback,
        token=context.token,
        me=context.signed_in_viewer.subject,
        now=datetime.now(UTC),
    )
    return render_me(context, "me/home.html", overview=found)


@router.get("/sessions")
async def sessions(context: Page) -> Response:
    portal, me = context.portal, context.signed_in_viewer.subject
    series, memberships = await asyncio.gather(
        guarded(portal.scheduling.participant_sessions(context.token, me)),
        guarded(portal.matching.participant_programs(context.token, me)),
    )
    program_ids = [str(m["program"]["program_id"]) for m in memberships.value or []]
    zone = await my_zone(portal.matching, context.token, me, program_ids)
    groups = [{"series": one, "lines": session_lines([one], zone)} for one in series.value or []]
    return render_me(context, "me/sessions.html", series=series, groups=groups, zone=zone)
