"""One timeline out of several audit trails: newest first, paged across them.

Each service pages its own trail with an opaque cursor that only it can make, so the portal
cannot ask one to start at an arbitrary entry. The timeline's cursor therefore keeps, for each
service, where reading resumes: the cursor of the service page that holds the next entry, how
many entries of that page were shown already, and the id of the last one shown (so an entry
recorded meanwhile on a first page does not shift what is skipped). A service with nothing more
to show has no position.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.portal.domain.failures import Invalid
from services.portal.domain.model import AuditEntry

MAX_SERVICE_CURSOR = 1024
"""As long as a service cursor may be (the services refuse longer ones)."""
MAX_SKIP = 200
"""A page of a service holds at most 200 entries, so no more of one can have been shown."""
MAX_ENTRY_ID = 200


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where one service's part of the timeline resumes."""

    cursor: str | None = None
    """The service's cursor of the page holding the next entry; None: its first page."""
    skip: int = 0
    """Entries of that page already shown."""
    last_id: str | None = None
    """The last entry shown from that page, to find the place again if the page moved."""


START = SourcePosition()
Positions = Mapping[str, SourcePosition | None]
"""Per service, where its part resumes; None: nothing more to show from it."""


@dataclass(frozen=True, slots=True)
class SourceWindow:
    """The next entries of one service from its position, newest first, each with the
    position right after it (None after its very last entry)."""

    entries: Sequence[tuple[AuditEntry, SourcePosition | None]] = ()
    ends: bool = False
    """The window holds everything the service has left (its last page was reached)."""


def first_positions(sources: Sequence[str]) -> dict[str, SourcePosition | None]:
    return dict.fromkeys(sources, START)


def merge_newest_first(
    windows: Mapping[str, SourceWindow], positions: Positions, *, limit: int
) -> tuple[list[AuditEntry], dict[str, SourcePosition | None]]:
    """The `limit` newest entries of all windows, and every service's position after them.

    Each window must hold the service's next `limit` entries (or all it has left): then the
    newest `limit` of the union are the timeline's next page. Services without a window (they
    did not answer) keep their position, so a later page can still show their entries.
    """
    pool = [
        (entry, after, source)
        for source, window in windows.items()
        for entry, after in window.entries
    ]
    pool.sort(key=lambda item: item[0].newest_first_key, reverse=True)
    shown = pool[:limit]
    after_shown = dict(positions)
    for source, window in windows.items():
        if window.ends and not window.entries:  # nothing (more) recorded there
            after_shown[source] = None
    for _, after, source in shown:  # newest first: the last one seen per source wins
        after_shown[source] = after
    return [entry for entry, _, _ in shown], after_shown


def has_more(positions: Positions, answered: Sequence[str]) -> bool:
    """Whether a next page would show anything from the services that answered."""
    return any(positions.get(source) is not None for source in answered)


def encode_positions(positions: Positions) -> str:
    packed = {
        source: None if p is None else [p.cursor, p.skip, p.last_id]
        for source, p in sorted(positions.items())
    }
    raw = zlib.compress(json.dumps(packed, separators=(",", ":")).encode(), 9)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _position(value: object) -> SourcePosition | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 3:
        raise _bad_cursor()
    cursor, skip, last_id = value
    if cursor is not None and (not isinstance(cursor, str) or not cursor):
        raise _bad_cursor()
    if last_id is not None and (not isinstance(last_id, str) or not last_id):
        raise _bad_cursor()
    if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= MAX_SKIP:
        raise _bad_cursor()
    if (cursor and len(cursor) > MAX_SERVICE_CURSOR) or (last_id and len(last_id) > MAX_ENTRY_ID):
        raise _bad_cursor()
    return SourcePosition(cursor=cursor, skip=skip, last_id=last_id)


def decode_positions(text: str | None, sources: Sequence[str]) -> dict[str, SourcePosition | None]:
    """The positions a timeline cursor holds; a service it does not name has nothing more to
    show (it joined after the cursor was made). Anything malformed is an `Invalid` cursor."""
    if text is None:
        return first_positions(sources)
    try:
        raw = zlib.decompressobj().decompress(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), 16_384
        )
        packed = json.loads(raw)
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(packed, dict):
        raise _bad_cursor()
    return {source: _position(packed.get(source)) for source in sources}


def _bad_cursor() -> Invalid:
    return Invalid(None, "invalid_cursor")
