"""Cursor pagination shared by every list endpoint: `{"items", "next_cursor", "total"}`.

A cursor is the sort position of the last item served plus a MAC over that position, the list it
belongs to and the filters it was made with. A changed, truncated or foreign cursor (or one reused
with other filters) is a 422 `invalid_cursor`, never a 500: the position is only used after the
MAC and the types of its parts are checked, so it cannot smuggle operators into a query. Forging
one would reveal nothing either way, as every query still carries the caller's authorization.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from shared.http.errors import Unprocessable

T = TypeVar("T")
R = TypeVar("R")
Position = tuple[str | int | float, ...]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Items per page (default {DEFAULT_LIMIT}, max 200)."),
]
Cursor = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=1024,
        description="Opaque: the `next_cursor` of the previous page, with the same filters.",
    ),
]
Search = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="Case-insensitive text search."),
]


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is null on the last page."""

    model_config = ConfigDict(frozen=True)

    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    total: int = Field(ge=0, description="Items matching the filters, over every page.")


class InvalidCursor(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "invalid_cursor",
            "cursor is not one this list issued for these filters; start again without it",
        )


_KEY = b"twoway-list-cursor-v1"


class CursorCodec:
    """Cursors of one list (its `scope`, e.g. "matching.participants")."""

    def __init__(self, scope: str) -> None:
        self._scope = scope

    def _mac(self, position: Position, filters: Mapping[str, object]) -> str:
        message = json.dumps(
            [self._scope, list(position), sorted((k, str(v)) for k, v in filters.items())],
            separators=(",", ":"),
        ).encode()
        return hmac.new(_KEY, message, hashlib.sha256).hexdigest()[:32]

    def encode(self, position: Position, filters: Mapping[str, object]) -> str:
        raw = json.dumps([list(position), self._mac(position, filters)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(
        self, cursor: str | None, filters: Mapping[str, object], arity: int
    ) -> Position | None:
        """The position after which the next page starts; None for the first page."""
        if cursor is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            position, mac = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise InvalidCursor() from None
        if (
            not isinstance(position, list)
            or len(position) != arity
            or not all(isinstance(p, str | int | float) for p in position)
            or not isinstance(mac, str)
        ):
            raise InvalidCursor()
        found = tuple(position)
        if not hmac.compare_digest(mac, self._mac(found, filters)):
            raise InvalidCursor()
        return found


def page_of(
    rows: Sequence[R],
    *,
    limit: int,
    total: int,
    position_of: Callable[[R], Position],
    view: Callable[[R], T],
    codec: CursorCodec,
    filters: Mapping[str, object],
) -> Page[T]:
    """`rows` holds up to limit + 1 rows: one more than a page tells whether another follows."""
    served = list(rows[:limit])
    more = len(rows) > limit and bool(served)
    next_cursor = codec.encode(position_of(served[-1]), filters) if more else None
    return Page[T](items=[view(r) for r in served], next_cursor=next_cursor, total=total)
