"""What every page handler gets: the session, the person, the locale, texts and rendering.

Route modules declare what they need with the aliases at the bottom:
`AnyPage` (signed in or not), `Page` (signed in), `AdminPage` (platform or program admin),
and `FormPage` / `AdminForm` for POST handlers (the CSRF token is checked before the handler).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.portal.application.audit_timeline import ProgramAuditTimeline
from services.portal.application.ports import (
    FeedbackApi,
    ImportJobs,
    MatchingApi,
    NotificationsApi,
    ProvisioningApi,
    SchedulingApi,
    StoredSession,
)
from services.portal.application.program_headers import ProgramHeaders
from services.portal.application.sign_in import SignInFlow
from services.portal.domain.failures import (
    FormRejected,
    NotAllowed,
    PortalError,
    Section,
    SignInRequired,
)
from services.portal.domain.locale import SUPPORTED, choose_locale
from services.portal.domain.messages import describe
from services.portal.domain.round_review import percent, points
from services.portal.domain.security import csrf_matches
from services.portal.domain.texts import translate
from services.portal.domain.viewer import Viewer

SESSION_COOKIE = "twoway_session"
LOCALE_COOKIE = "twoway_locale"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TEMPLATES_DIR = Path(__file__).parent / "templates"
T = TypeVar("T")


@dataclass
class Portal:
    """Everything the pages use, built once in bootstrap and kept on `app.state.portal`."""

    flow: SignInFlow
    matching: MatchingApi
    scheduling: SchedulingApi
    feedback: FeedbackApi
    notifications: NotificationsApi
    templates: Jinja2Templates
    cookie_secure: bool
    public_base: str
    imports: ImportJobs | None = None
    """Where background imports keep their progress; None: uploads are imported inline."""
    background: set[asyncio.Task[None]] = field(default_factory=set)
    headers: ProgramHeaders = field(default_factory=ProgramHeaders)
    """Programs for the admin pages' headers, kept briefly (see program_headers)."""
    provisioning: ProvisioningApi | None = None
    """Enrolment from the company directory and its audit trail (None: pages unavailable)."""
    audit_timeline: ProgramAuditTimeline | None = None
    """Every service's audit trail of a program as one timeline (None: tab unavailable)."""


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.globals["supported_locales"] = SUPPORTED
    templates.env.globals["pct"] = percent
    templates.env.globals["pts"] = points
    return templates


@dataclass
class PageContext:
    request: Request
    portal: Portal
    session: StoredSession | None
    locale: str
    viewer: Viewer | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def token(self) -> str:
        if self.session is None or not self.session.access_token:
            raise SignInRequired(None, "no_session")
        return self.session.access_token

    @property
    def signed_in_viewer(self) -> Viewer:
        if self.viewer is None:
            raise SignInRequired(None, "no_session")
        return self.viewer

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"

    def t(self, key: str, **params: object) -> str:
        return translate(self.locale, key, **params)

    def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        values = {
            "request": self.request,
            "t": self.t,
            "locale": self.locale,
            "viewer": self.viewer,
            "csrf_token": self.session.csrf_token if self.session else "",
            "path": self.request.url.path,
            "describe": lambda failure: describe(failure, self.locale),
            **context,
        }
        return self.portal.templates.TemplateResponse(
            self.request, template, values, status_code=status
        )


def portal_of(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


async def any_page(request: Request) -> PageContext:
    portal = portal_of(request)
    session = await portal.flow.load(request.cookies.get(SESSION_COOKIE))
    locale = choose_locale(
        profile=session.locale if session else None,
        cookie=request.cookies.get(LOCALE_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )
    viewer = None
    if session is not None and session.viewer and session.access_token:
        try:
            viewer = portal.flow.signed_in_viewer(session)
        except SignInRequired:
            viewer = None
    context = PageContext(request=request, portal=portal, session=session, locale=locale)
    context.viewer = viewer
    request.state.page = context  # the error pages render in the same language
    return context


async def signed_in_page(context: Annotated[PageContext, Depends(any_page)]) -> PageContext:
    viewer = context.portal.flow.signed_in_viewer(context.session)
    if context.session is not None:
        await context.portal.flow.touch(context.session)
    context.viewer = viewer
    return context


async def admin_page(context: Annotated[PageContext, Depends(signed_in_page)]) -> PageContext:
    if context.viewer is None or not context.viewer.is_admin:
        raise NotAllowed(None, "admins_only")
    return context


async def submitted_csrf(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if "form" not in content_type:
        return None
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


async def _check_csrf(context: PageContext) -> PageContext:
    expected = context.session.csrf_token if context.session else None
    if not csrf_matches(expected, await submitted_csrf(context.request)):
        raise FormRejected(None, "csrf")
    return context


async def form_page(context: Annotated[PageContext, Depends(signed_in_page)]) -> PageContext:
    return await _check_csrf(context)


async def admin_form(context: Annotated[PageContext, Depends(admin_page)]) -> PageContext:
    return await _check_csrf(context)


async def any_form(context: Annotated[PageContext, Depends(any_page)]) -> PageContext:
    return await _check_csrf(context)


async def section(awaitable: Awaitable[T]) -> Section[T]:
    """One part of a page: its value, or the failure of the service that should have filled
    it, so the rest of the page still renders. An expired sign-in still ends the page."""
    try:
        return Section(value=await awaitable)
    except SignInRequired:
        raise
    except PortalError as failure:
        return Section(failure=failure)


AnyPage = Annotated[PageContext, Depends(any_page)]
Page = Annotated[PageContext, Depends(signed_in_page)]
AdminPage = Annotated[PageContext, Depends(admin_page)]
FormPage = Annotated[PageContext, Depends(form_page)]
AdminForm = Annotated[PageContext, Depends(admin_form)]
AnyForm = Annotated[PageContext, Depends(any_form)]
