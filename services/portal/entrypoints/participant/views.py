"""What every participant page shares: rendering with dates on the person's clock, and forms.

A time is always shown with its date, in the person's own zone, with the UTC offset that applies
on that date (so a session after a daylight-saving change reads right).
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from services.portal.domain.local_time import LocalSpan
from services.portal.domain.participant_profile_form import FormData
from services.portal.domain.texts.participant import format_date
from services.portal.entrypoints.web import PageContext


def when(context: PageContext, span: LocalSpan) -> str:
    """ "Tue 5 Jan 2027, 16:00 - 17:00 (UTC+01:00, Europe/Berlin)" in the page's locale."""
    return context.t(
        "me.session.when",
        date=format_date(span.start.date(), context.locale),
        start=span.start.strftime("%H:%M"),
        end=span.end.strftime("%H:%M"),
        offset=span.utc_offset,
        zone=span.zone,
    )


def moment(context: PageContext, span: LocalSpan) -> str:
    """An instant alone, for messages and deadlines: "Tue 5 Jan 2027, 16:00 (UTC+01:00)"."""
    return context.t(
        "me.session.moment",
        date=format_date(span.start.date(), context.locale),
        time=span.start.strftime("%H:%M"),
        offset=span.utc_offset,
    )


def day_of(context: PageContext, span: LocalSpan) -> str:
    """The date alone, for deadlines: "Tue 5 Jan 2027"."""
    return format_date(span.start.date(), context.locale)


def render_me(
    context: PageContext, template: str, *, status: int = 200, **values: Any
) -> HTMLResponse:
    return context.render(
        template,
        status=status,
        when=lambda span: when(context, span),
        day_of=lambda span: day_of(context, span),
        moment=lambda span: moment(context, span),
        **values,
    )


async def posted_form(context: PageContext) -> FormData:
    """Every posted field with all its values (checkbox groups post one value per box)."""
    form = await context.request.form()
    return {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}
