"""The shared request size limit, answering with a readable page instead of a JSON body."""

from __future__ import annotations

from contextvars import ContextVar

from markupsafe import escape
from starlette.types import Receive, Scope, Send

from services.portal.domain.locale import DEFAULT, choose_locale
from services.portal.domain.texts import translate
from shared.http.limits import BodySizeLimit

_locale: ContextVar[str] = ContextVar("portal_request_locale", default=DEFAULT)


class PageBodySizeLimit(BodySizeLimit):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers", ()))
            accept = headers.get(b"accept-language", b"").decode("latin-1")
            _locale.set(choose_locale(accept_language=accept))
        await super().__call__(scope, receive, send)

    async def _reject(self, send: Send) -> None:
        locale = _locale.get()
        megabytes = max(1, self.max_bytes // 1_000_000)
        text = escape(translate(locale, "error.too_large", megabytes=megabytes))
        back = escape(translate(locale, "error.back"))
        body = (
            f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{text}</title><link rel="stylesheet" href="/static/portal.css"></head>'
            f'<body><main id="main"><section class="card narrow"><div class="failure" '
            f'role="alert"><p>{text}</p></div><p><a href="/">{back}</a></p></section></main>'
            f"</body></html>"
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8")],
            }
        )
        await send({"type": "http.response.body", "body": body})
