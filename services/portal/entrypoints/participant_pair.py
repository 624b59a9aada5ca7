"""My partner (/me/programs/{program_id}/pairs/{pair_id}): who, and why we matched you."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.application.participant_overview import (
    FALLBACK_ZONE,
    guarded,
    session_lines,
)
from services.portal.domain.local_time import shared_windows, windows_in_zone
from services.portal.entrypoints.participant_views import render_me
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
    this_week = datetime.now(UTC).date()
    partner_free, both_free = [], []
    if partner.get("availability") and partner.get("timezone"):
        partner_free = windows_in_zone(
            partner["availability"], partner["timezone"], zone, this_week
        )
        both_free = shared_windows(
            profile.get("availability") or [],
            partner["availability"],
            partner["timezone"],
            zone,
            this_week,
        )
    reasons = sorted(pair.get("reasons") or [], key=lambda r: -float(r.get("points", 0)))
    return render_me(
        context,
        "me/pair.html",
        pair=pair,
        card=card,
        partner=partner,
        partner_free=partner_free,
        both_free=both_free,
        reasons=reasons,
        series=series,
        lines=session_lines([series.value], zone) if series.ok and series.value else [],
        zone=zone,
    )
