"""Cursor pagination as the services offer it: `limit`, an opaque `cursor`, a total count.

The portal keeps the cursors of the pages already seen in the link (`trail`), so "previous"
works without the services offering backward cursors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
TRAIL_SEPARATOR = "."
MAX_TRAIL = 200
FIRST_PAGE = "-"
"""Stands in the trail for the first page, which has no cursor."""


def clamp_limit(value: int | str | None) -> int:
    try:
        limit = int(value) if value is not None else DEFAULT_LIMIT
    except ValueError:
        return DEFAULT_LIMIT
    return max(1, min(MAX_LIMIT, limit))


def split_trail(trail: str | None) -> list[str]:
    if not trail:
        return []
    return [c for c in trail.split(TRAIL_SEPARATOR) if c][:MAX_TRAIL]


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Links of one page of a list; `None` when there is no such page."""

    first: str | None
    previous: str | None
    next: str | None
    start: int
    end: int
    total: int | None


def page_links(
    *,
    path: str,
    filters: Mapping[str, str | None],
    cursor: str | None,
    trail: list[str],
    next_cursor: str | None,
    shown: int,
    limit: int,
    total: int | None,
) -> PageLinks:
    """`trail` holds the cursors of the pages before this one (the first page has none)."""
    kept = {k: v for k, v in filters.items() if v not in (None, "")}
    if limit != DEFAULT_LIMIT:
        kept["limit"] = str(limit)

    def link(page_cursor: str | None, page_trail: list[str]) -> str:
        query = dict(kept)
        if page_cursor:
            query["cursor"] = page_cursor
        if page_trail:
            query["trail"] = TRAIL_SEPARATOR.join(page_trail)
        encoded = urlencode(query)
        return f"{path}?{encoded}" if encoded else path

    on_first = cursor is None
    previous = None
    if not on_first:
        previous_cursor = trail[-1] if trail else FIRST_PAGE
        previous = link(None if previous_cursor == FIRST_PAGE else previous_cursor, trail[:-1])
    following = None
    if next_cursor:
        following = link(next_cursor, [*trail, cursor or FIRST_PAGE])
    start = len(trail) * limit + 1 if shown else 0
    return PageLinks(
        first=None if on_first else link(None, []),
        previous=previous,
        next=following,
        start=start,
        end=start + shown - 1 if shown else 0,
        total=total,
    )
