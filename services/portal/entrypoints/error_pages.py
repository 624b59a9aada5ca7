"""Every failure as a readable page (or, for htmx, a message in place): never JSON, never a
traceback. An expired sign-in sends the person to sign in again, keeping where they were going.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.domain.failures import (
    FormRejected,
    Invalid,
    NotAllowed,
    NotFound,
    PortalError,
    Problem,
    SignInRequired,
    TokenRefused,
)
from services.portal.domain.locale import choose_locale
from services.portal.domain.messages import describe
from services.portal.domain.security import safe_return_path
from services.portal.entrypoints.http_status import status_of
from services.portal.entrypoints.web import LOCALE_COOKIE, PageContext, portal_of

log = logging.getLogger("twoway.portal.pages")
FRESH_SIGN_IN = timedelta(seconds=30)


def _where_they_were_going(request: Request) -> str:
    if request.method == "GET" and request.headers.get("hx-request") != "true":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return safe_return_path(target)
    current = request.headers.get("hx-current-url") or request.headers.get("referer") or "/"
    parts = urlsplit(current)
    return safe_return_path(parts.path + (f"?{parts.query}" if parts.query else ""))


def sign_in_redirect(request: Request) -> Response:
    login = "/auth/login?" + urlencode({"next": _where_they_were_going(request)})
    if request.headers.get("hx-request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": login})
    return RedirectResponse(login, status_code=303)


def _context(request: Request) -> PageContext:
    page = getattr(request.state, "page", None)
    if isinstance(page, PageContext):
        return page
    locale = choose_locale(
        cookie=request.cookies.get(LOCALE_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )
    return PageContext(request=request, portal=portal_of(request), session=None, locale=locale)


def failure_page(
    request: Request, failure: PortalError, *, status: int | None = None
) -> HTMLResponse:
    """The failure as a page; `status` when the web's own answer is more precise (405...)."""
    context = _context(request)
    message = describe(failure, context.locale)
    if context.is_htmx:
        # htmx swaps only 2xx answers: the message takes the place of what was asked for.
        return context.render("partials/failure.html", message=message, status=200)
    return context.render("error.html", message=message, status=status or status_of(failure))


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, failure: SignInRequired) -> Response:
        if failure.service == "identity" or isinstance(failure, TokenRefused):
            return failure_page(request, failure)
        page = getattr(request.state, "page", None)
        if (
            failure.service is not None
            and isinstance(page, PageContext)
            and page.portal.flow.just_signed_in(page.session, FRESH_SIGN_IN)
        ):
            log.warning("a service refused a fresh token", extra={"target": failure.service})
            return failure_page(request, TokenRefused(failure.service, failure.code))
        return sign_in_redirect(request)

    @app.exception_handler(PortalError)
    async def _failure(request: Request, failure: PortalError) -> Response:
        return failure_page(request, failure)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, error: RequestValidationError) -> Response:
        problems = [
            Problem(where=".".join(str(p) for p in e.get("loc", ())[1:]), why=str(e.get("msg")))
            for e in error.errors()
        ]
        return failure_page(request, Invalid(None, "invalid_request", problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            return failure_page(request, NotFound(None, "no_such_page"))
        if error.status_code in (401, 403):
            return failure_page(request, NotAllowed(None, "http"))
        return failure_page(request, FormRejected(None, "http"), status=error.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.error("page failed", exc_info=error, extra={"path_template": _template(request)})
        return failure_page(request, PortalError(None, "unexpected"))


def _template(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "unmatched"))
