"""Value types of the wire contracts, each written once so decode and JSON Schema agree.

Every rule below is a regular expression that means the same in Python, in Rust (pydantic's
engine, jsonschema-rs) and in ECMA-262 (what a JSON Schema `pattern` is): character classes are
spelled out (`[0-9]`, never `\\d`; whitespace as one explicit list) and a string must match as a
whole (Python's `$` would also accept a trailing newline). The decoder checks the same
expression the schema publishes, so a document one accepts the other accepts too.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""Whitespace as Python, Rust and ECMA-262 each count it, together (their `\\s` differ)."""

WHITESPACE_CLASS = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""The same characters, as the inside of a regex character class."""

_YEAR = "(19[0-9]{2}|2[0-9]{3})"
_DATE = f"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
_OFFSET = "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"

DATE_TIME_PATTERN = f"^{_DATE}T{_TIME}{_OFFSET}$"
DATE_PATTERN = f"^{_DATE}$"
UUID_PATTERN = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$"
WHOLE_NUMBER_NOTE = "A JSON number with no fractional part (1 and 1.0 are the same integer)."

_DATE_TIME = re.compile(DATE_TIME_PATTERN.strip("^$"))
_DATE_ONLY = re.compile(DATE_PATTERN.strip("^$"))
_UUID = re.compile(UUID_PATTERN.strip("^$"))


def _instant(value: Any) -> Any:
    """RFC 3339 text with an offset, years 1900-2999; a datetime given in code passes as is."""
    if isinstance(value, str):
        if not _DATE_TIME.fullmatch(value):
            raise ValueError("must be an RFC 3339 date-time with an offset (2026-03-02T09:30:00Z)")
        return datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise ValueError("must be an RFC 3339 date-time string")
    return value


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must carry a time zone (UTC)")
    return value.astimezone(UTC)


def _calendar_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE_ONLY.fullmatch(value):
            raise ValueError("must be a date YYYY-MM-DD, years 1900-2999")
        return date.fromisoformat(value)
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError("must be a date string YYYY-MM-DD")
    return value


def _uuid(value: Any) -> Any:
    if isinstance(value, str):
        if not _UUID.fullmatch(value):
            raise ValueError("must be a UUID in its hyphenated form")
        return UUID(value)
    return value


def _whole_number(value: Any) -> Any:
    # JSON Schema counts 1.0 as an integer; so does the decoder. Strings and booleans still
    # fail the strict integer check that follows.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


UtcDatetime = Annotated[
    datetime,
    BeforeValidator(_instant),
    AfterValidator(_require_utc),
    Field(json_schema_extra={"pattern": DATE_TIME_PATTERN}),
]
"""A timezone-aware instant, normalised to UTC; naive datetimes are rejected."""

WireDate = Annotated[
    date, BeforeValidator(_calendar_date), Field(json_schema_extra={"pattern": DATE_PATTERN})
]
"""A calendar day, YYYY-MM-DD (a day that exists: 2026-02-30 is refused)."""

WireUuid = Annotated[
    UUID, BeforeValidator(_uuid), Field(json_schema_extra={"pattern": UUID_PATTERN})
]
"""A UUID written with its hyphens (upper or lower case hex)."""

AS_WHOLE = BeforeValidator(_whole_number)
"""Put last in an integer's Annotated (after its Field bounds, which then stay in the schema):
an integer on the wire is 3 or 3.0, never "3" or true."""


def _trimmed(value: str) -> str:
    trimmed = value.strip(WHITESPACE)
    if not trimmed:
        raise ValueError("must not be blank")
    return trimmed


_NOT_BLANK = Field(json_schema_extra={"pattern": f"[^{WHITESPACE_CLASS}]"})

ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=200), _NOT_BLANK, AfterValidator(_trimmed)
]
"""Text that is not blank, kept without its surrounding whitespace. The length limit counts
the text as sent, so the schema's maxLength is the decoder's."""

UnitName = Annotated[
    str, StringConstraints(min_length=1, max_length=100), _NOT_BLANK, AfterValidator(_trimmed)
]
"""A department or location as programs keep it (trimmed, up to 100 characters as sent)."""

SkillName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80),
    _NOT_BLANK,
    AfterValidator(_trimmed),
    AfterValidator(str.lower),
]
"""A skill, compared by value: trimmed and lower-cased ("Python " is "python")."""
