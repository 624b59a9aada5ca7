"""IANA time-zone names as a validated wire type.

The names a contract accepts are those of the tz database the `tzdata` package pins, not of the
machine's own zoneinfo directory: the published schemas list them as an enum, so decode and
schema accept exactly the same names wherever the code runs.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzdata
from pydantic import AfterValidator, Field

TZ_DATABASE_VERSION: str = tzdata.IANA_VERSION


@cache
def known_zones() -> tuple[str, ...]:
    """Every zone name of the pinned tz database, sorted."""
    names = files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return tuple(sorted(set(names)))


@cache
def _known_set() -> frozenset[str]:
    return frozenset(known_zones())


@cache
def _loadable(value: str) -> bool:
    # Cached: ZoneInfo keeps only a few zones loaded, so a file naming many zones would read
    # the zone data from disk again for almost every row.
    try:
        ZoneInfo(value)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata ships data for every listed name
        return False
    return True


def _check_zone(value: str) -> str:
    if value not in _known_set() or not _loadable(value):
        raise ValueError("unknown IANA time zone")
    return value


IanaTimezone = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description=(
            f"An IANA time-zone name (e.g. Europe/Berlin) of tz database {TZ_DATABASE_VERSION}"
        ),
        json_schema_extra={"enum": list(known_zones())},
    ),
    AfterValidator(_check_zone),
]
