"""The shape of one locale's texts: message templates, labels and date formats.

Templates use `string.Template` placeholders (`${name}`): no attribute access, no format
specs, nothing that can raise on a value. Dates are assembled from the named parts below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    subject: str
    body: str
    """Without greeting and sign-off: the layout adds those for people (not for channels)."""
    chat: str
    """One short line; for participants it only points to the email or inbox."""
    footer: str | None = None
    """Replaces the locale's footer where it would not be true (someone only invited does
    not take part yet)."""


@dataclass(frozen=True, slots=True)
class LocaleText:
    locale: str
    weekdays: tuple[str, str, str, str, str, str, str]
    """Monday first."""
    months: tuple[str, ...]
    moment: str
    """str.format pattern over weekday, day, month, month_num, year, time."""
    day: str
    """str.format pattern over weekday, day, month, month_num, year."""
    percent: str
    """str.format pattern over value (an integer)."""
    list_separator: str
    bullet: str
    greeting: str
    greeting_anonymous: str
    signoff: str
    footer: str
    more_entries: str
    """Digest line for entries beyond the shown ones; placeholder ${extra}."""
    link_line: str
    """The line under a message pointing to its page in the portal; placeholder ${link}."""
    labels: dict[str, dict[str, str]]
    templates: dict[str, MessageTemplate]
