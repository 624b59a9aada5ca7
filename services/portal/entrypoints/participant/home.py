"""The participant's home (/me) and the list of all their sessions (/me/sessions)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.portal.application.participant_overview import (
    guarded,
    my_zone,
    overview,
    session_lines,
)
from services.portal.application.ports import Json
from services.portal.domain.failures import Section
from services.portal.entrypoints.participant.views import render_me
from services.portal.entrypoints.web import Page

INVITATION_OUTCOMES = ("joined", "declined", "answered", "gone", "refused", "unavailable")

router = APIRouter(prefix="/me")


async def _invitations(context: Page, me: str) -> Section[list[Json]]:
    """Open invitations into programs (none shown where the portal is not told of them)."""
    provisioning = context.portal.provisioning
    if provisioning is None:
        return Section(value=[])
    return await guarded(provisioning.open_invitations(context.token, me))


@router.get("")
async def home(
    context: Page,
    invitation: str | None = Query(default=None, max_length=20),
    program: str | None = Query(default=None, max_length=128),
) -> Response:
    portal, me = context.portal, context.signed_in_viewer.subject
    found, invited = await asyncio.gather(
        overview(
            matching=portal.matching,
            scheduling=portal.scheduling,
            feedback=portal.feedback,
            token=context.token,
            me=me,
            now=datetime.now(UTC),
        ),
        _invitations(context, me),
    )
    answered = invitation if invitation in INVITATION_OUTCOMES else None
    return render_me(
        context,
        "me/home.html",
        overview=found,
        invitations=invited,
        answered=answered,
        answered_program=program if answered else None,
    )


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
