"""IANA time-zone names as a validated wire type."""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, Field


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _loadable(value: str) -> bool:
    # Cached: ZoneInfo keeps only a few zones loaded, so a file naming many zones would read
    # the zone data from disk again for almost every row.
    try:
        ZoneInfo(value)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata and the list disagree
        return False
    return True


def _check_zone(value: str) -> str:
    if value not in _known_zones() or not _loadable(value):
        raise ValueError("unknown IANA time zone")
    return value


IanaTimezone = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="An IANA time-zone name the service's tz database knows (e.g. Europe/Berlin)",
    ),
    AfterValidator(_check_zone),
]
