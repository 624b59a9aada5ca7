"""Insights: the two-way learning matrix and the program's figures as charts, and the CSV."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response

from services.portal.domain.insight_charts import insight_charts
from services.portal.entrypoints.admin.program_page import header_program, program_header
from services.portal.entrypoints.web import AdminPage, section

router = APIRouter(prefix="/admin/programs/{program_id}")


@router.get("/insights")
async def insights_page(context: AdminPage, program_id: str) -> Response:
    program, insights = await asyncio.gather(
        header_program(context, program_id),
        section(context.portal.feedback.insights(context.token, program_id)),
    )
    charts = insight_charts(insights.value, context.t) if insights.value else None
    return context.render(
        "admin/insights.html",
        header=program_header(program_id, program.value),
        tab="insights",
        insights=insights,
        charts=charts,
    )


@router.get("/insights.csv")
async def insights_csv(context: AdminPage, program_id: str) -> Response:
    body = await context.portal.feedback.insights_csv(context.token, program_id)
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in program_id)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="insights-{safe_name}.csv"'},
    )
