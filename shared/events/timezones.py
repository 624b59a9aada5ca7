"""IANA time-zone names as a validated wire type."""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, Field


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_zone(value: str) -> str:
    if value not in _known_zones():
        raise ValueError(f"unknown IANA time zone {value!r}")
    try:
        ZoneInfo(value)
    except ZoneInfoNotFoundError as error:  # pragma: no cover - tzdata and the list disagree
        raise ValueError(f"unknown IANA time zone {value!r}") from error
    return value


IanaTimezone = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_check_zone)]
