"""Turning an occasion's facts into subject, body and chat line in one locale.

Rendering cannot fail on a valid event: placeholders are `string.Template` names looked up in
a mapping that yields "" for anything missing, every typed fact has a formatter that accepts
any value of its type, and a locale without a template falls back to English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.notifications.domain.model import DEFAULT_LOCALE, SUPPORTED_LOCALES, Rendered
from services.notifications.domain.quiet_hours import zone
from services.notifications.domain.texts import de, en, es, fr, ja
from services.notifications.domain.texts.base import LocaleText, MessageTemplate

TEXTS: dict[str, LocaleText] = {t.locale: t for t in (en.TEXT, de.TEXT, fr.TEXT, es.TEXT, ja.TEXT)}


@dataclass(frozen=True, slots=True)
class Moment:
    """Weekday, date and time in the recipient's zone."""

    at: datetime


@dataclass(frozen=True, slots=True)
class Day:
    at: datetime | date


@dataclass(frozen=True, slots=True)
class ClockTime:
    at: datetime


@dataclass(frozen=True, slots=True)
class Label:
    """A code shown as its translation (a role, a cancellation reason...)."""

    group: str
    code: str


@dataclass(frozen=True, slots=True)
class LabelList:
    group: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Percent:
    ratio: float


@dataclass(frozen=True, slots=True)
class Bullets:
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntryList:
    """A digest's entries, plus how many more wait in the inbox."""

    lines: tuple[str, ...]
    extra: int = 0


@dataclass(frozen=True, slots=True)
class Schedule:
    """Sessions listed one a line, each as a moment in the recipient's zone."""

    starts: tuple[datetime, ...]


Fact = (
    str
    | int
    | float
    | Moment
    | Day
    | ClockTime
    | Label
    | LabelList
    | Percent
    | Bullets
    | EntryList
    | Schedule
)


def choose_locale(
    preferred: str | None, languages: Sequence[str], program_locales: Sequence[str]
) -> str:
    """The person's own locale; else a program locale they speak; else the program default."""
    if preferred in SUPPORTED_LOCALES:
        return str(preferred)
    spoken = {language.split("-")[0].lower() for language in languages}
    supported = [loc for loc in program_locales if loc in SUPPORTED_LOCALES]
    for locale in supported:
        if locale in spoken:
            return locale
    return supported[0] if supported else DEFAULT_LOCALE


def texts_for(locale: str) -> LocaleText:
    return TEXTS.get(locale, TEXTS[DEFAULT_LOCALE])


def label(text: LocaleText, group: str, code: str) -> str:
    for source in (text, TEXTS[DEFAULT_LOCALE]):
        found = source.labels.get(group, {}).get(code)
        if found is not None:
            return found
    return code.replace("_", " ")


def _date_parts(text: LocaleText, day: date) -> dict[str, object]:
    return {
        "weekday": text.weekdays[day.weekday()],
        "day": day.day,
        "month": text.months[day.month - 1],
        "month_num": day.month,
        "year": day.year,
    }


def format_fact(value: Fact, text: LocaleText, timezone: str | None) -> str:
    tz = zone(timezone)
    if isinstance(value, Moment):
        local = value.at.astimezone(tz)
        return text.moment.format(**_date_parts(text, local.date()), time=local.strftime("%H:%M"))
    if isinstance(value, Day):
        day = value.at.astimezone(tz).date() if isinstance(value.at, datetime) else value.at
        return text.day.format(**_date_parts(text, day))
    if isinstance(value, ClockTime):
        return value.at.astimezone(tz).strftime("%H:%M")
    if isinstance(value, Label):
        return label(text, value.group, value.code)
    if isinstance(value, LabelList):
        return text.list_separator.join(label(text, value.group, c) for c in value.codes)
    if isinstance(value, Percent):
        return text.percent.format(value=round(value.ratio * 100))
    if isinstance(value, Schedule):
        return "\n".join(
            text.bullet + format_fact(Moment(start), text, timezone) for start in value.starts
        )
    if isinstance(value, Bullets):
        return "\n".join(text.bullet + line for line in value.lines)
    if isinstance(value, EntryList):
        listed = "\n".join(text.bullet + line for line in value.lines)
        if value.extra <= 0:
            return listed
        more = _fill(text.more_entries, _Lenient(extra=str(value.extra)))
        return f"{listed}\n\n{more}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Lenient(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(pattern: str, values: _Lenient) -> str:
    try:
        return string.Template(pattern).substitute(values)
    except ValueError:  # a stray "$" in a translation: leave it as text rather than fail
        return string.Template(pattern).safe_substitute(values)


def template_for(template: str, locale: str) -> MessageTemplate:
    found = texts_for(locale).templates.get(template) or TEXTS[DEFAULT_LOCALE].templates.get(
        template
    )
    return found or MessageTemplate(subject=template.replace("_", " "), body="", chat="")


def render(
    template: str,
    locale: str,
    facts: Mapping[str, Fact],
    *,
    timezone: str | None,
    personal: bool,
) -> Rendered:
    """`personal` wraps the body in greeting, sign-off and the settings footer."""
    text = texts_for(locale)
    values = _Lenient({key: format_fact(value, text, timezone) for key, value in facts.items()})
    message = template_for(template, locale)
    subject = " ".join(_fill(message.subject, values).split())
    body = _fill(message.body, values).strip()
    chat = " ".join(_fill(message.chat, values).split())
    if personal:
        greeting = text.greeting if values.get("recipient_name") else text.greeting_anonymous
        link = _fill(text.link_line, values) if values.get("link") else ""
        parts = [_fill(greeting, values), body, link, _fill(text.signoff, values)]
        if values.get("settings_url"):
            parts.append("--\n" + _fill(message.footer or text.footer, values))
        body = "\n\n".join(part for part in parts if part)
    return Rendered(subject=subject, body=body, chat=chat)


def placeholders(pattern: str) -> set[str]:
    """Names a pattern refers to; used by tests to prove every template is fully fed."""
    return {
        match.group("named") or match.group("braced")
        for match in string.Template.pattern.finditer(pattern)
        if match.group("named") or match.group("braced")
    }
