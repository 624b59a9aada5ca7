"""Signing in and out: /auth/login, /auth/callback, /auth/logout, and `/` by role."""

from __future__ import annotations

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.failures import SignInFailed
from services.portal.domain.locale import SUPPORTED
from services.portal.domain.security import safe_return_path
from services.portal.entrypoints.web import (
    LOCALE_COOKIE,
    SESSION_COOKIE,
    AnyForm,
    AnyPage,
    PageContext,
)

router = APIRouter()
LOCALE_COOKIE_SECONDS = 365 * 24 * 3600


def _set_session_cookie(response: Response, context: PageContext, session_id: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        httponly=True,
        secure=context.portal.cookie_secure,
        samesite="lax",
        path="/",
    )


@router.get("/", response_model=None)
async def home(context: AnyPage) -> Response:
    if context.viewer is not None:
        return RedirectResponse(context.viewer.home, status_code=303)
    return context.render("signin.html")


@router.get("/auth/login")
async def login(context: AnyPage, next: str | None = Query(default=None)) -> Response:
    flow = context.portal.flow
    session = context.session or flow.new_session(context.locale)
    url = await flow.begin(session, safe_return_path(next))
    response = RedirectResponse(url, status_code=303)
    _set_session_cookie(response, context, session.session_id)
    return response


@router.get("/auth/callback")
async def callback(
    context: AnyPage,
    code: str | None = Query(default=None, max_length=4096),
    state: str | None = Query(default=None, max_length=512),
    error: str | None = Query(default=None, max_length=200),
) -> Response:
    if error or not code or not state:
        raise SignInFailed("identity", "sign_in_refused")
    session, return_to = await context.portal.flow.finish(context.session, state=state, code=code)
    viewer = context.portal.flow.signed_in_viewer(session)
    target = return_to if return_to != "/" else viewer.home
    response = RedirectResponse(target, status_code=303)
    _set_session_cookie(response, context, session.session_id)
    return response


@router.post("/auth/logout")
async def logout(context: AnyForm) -> Response:
    url = await context.portal.flow.sign_out(context.session, f"{context.portal.public_base}/")
    response = RedirectResponse(url, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/logout")
async def logout_confirm(context: AnyPage) -> Response:
    if context.session is None:
        return RedirectResponse("/", status_code=303)
    return context.render("signout.html")


@router.get("/auth/no-role")
async def no_role(context: AnyPage) -> Response:
    return context.render("signin.html", no_role=True)


@router.post("/locale")
async def change_locale(
    context: AnyForm, locale: str = Form(max_length=8), back: str = Form(default="/")
) -> Response:
    response = RedirectResponse(safe_return_path(back), status_code=303)
    if locale in SUPPORTED:
        if context.session is not None:
            await context.portal.flow.remember_locale(context.session, locale)
        response.set_cookie(
            LOCALE_COOKIE, locale, max_age=LOCALE_COOKIE_SECONDS, samesite="lax", path="/"
        )
    return response
