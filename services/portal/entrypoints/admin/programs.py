"""Programs: the list with a health line each."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.entrypoints.web import AdminPage, section

router = APIRouter(prefix="/admin")


@router.get("")
async def admin_home(context: AdminPage) -> Response:
    return RedirectResponse("/admin/programs", status_code=303)


@router.get("/programs")
async def programs_list(context: AdminPage) -> Response:
    programs = await section(context.portal.matching.list_programs(context.token))
    return context.render("admin/programs.html", programs=programs)
