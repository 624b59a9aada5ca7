"""Health: the pairs at risk with their reason codes, each leading to the pair's drill-in."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminPage, section

router = APIRouter(prefix="/admin/programs/{program_id}")
AT_RISK_LIMIT = 200


@router.get("/health")
async def health_page(context: AdminPage, program_id: str) -> Response:
    program, at_risk = await asyncio.gather(
        header_program(context, program_id),
        section(
            context.portal.feedback.pair_health(
                context.token, program_id, at_risk_only=True, limit=AT_RISK_LIMIT
            )
        ),
    )
    rows = sorted(at_risk.value or [], key=lambda h: (h.get("score") is None, h.get("score") or 0))
    return context.render(
        "admin/health.html",
        header=program_header(program_id, program.value),
        tab="health",
        at_risk=at_risk,
        rows=rows,
        limit=AT_RISK_LIMIT,
    )
