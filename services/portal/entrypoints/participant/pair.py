"""My partner (/me/programs/{program_id}/pairs/{pair_id}): who, and why we matched you."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.application.participant_overview import (
    FALLBACK_ZONE,
    guarded,
    session_lines,
)
from services.portal.domain.availability_grid import Window
from services.portal.entrypoints.participant.views import render_me
from services.portal.entrypoints.web import Page

router = APIRouter(prefix="/me/programs/{program_id}/pairs")


@router.get("/{pair_id}")
async def pair_page(program_id: str, pair_id: str, context: Page) -> Response:
    portal, token, me = context.portal, context.token, context.signed_in_viewer.subject
    pair, card, series, own = await asyncio.gather(
        portal.matching.get_pair(token, program_id, pair_id),
        guarded(portal.matching.partner_card(token, program_id, pair_id)),
        guarded(portal.scheduling.pair_sessions(token, pair_id)),
        guarded(portal.matching.get_participant(token, program_id, me)),
    )
    profile = (own.value or {}).get("participant") or {}
    zone = str(profile.get("timezone") or FALLBACK_ZONE)
    partner = card.value or {}
    # Matching works out when both are free this week, on this person's clock.
    both_free = [Window(**w) for w in partner.get("shared_availability") or []]
    reasons = sorted(pair.get("reasons") or [], key=lambda r: -float(r.get("points", 0)))
    return render_me(
        context,
        "me/pair.html",
        pair=pair,
        card=card,
        partner=partner,
        both_free=both_free,
        reasons=reasons,
        series=series,
        lines=session_lines([series.value], zone) if series.ok and series.value else [],
        zone=zone,
    )
