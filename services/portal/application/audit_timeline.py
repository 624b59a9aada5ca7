"""A program's audit timeline: every service's trail of the program, merged newest first.

Each service is asked for its next entries from where the timeline left it (see
domain/audit_timeline.py); a service that does not answer leaves its part out of this page,
named in `missing`, while the others still show. An expired sign-in still ends the page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.portal.application.mapping import audit_entry_from
from services.portal.application.ports import ListPage, ProgramAuditApi
from services.portal.domain.audit_timeline import (
    SourcePosition,
    SourceWindow,
    decode_positions,
    encode_positions,
    has_more,
    merge_newest_first,
)
from services.portal.domain.failures import PortalError, SignInRequired, Unavailable
from services.portal.domain.model import AuditEntry

SERVICE_PAGE_LIMIT = 200
"""The most entries a service gives in one page."""
MAX_READS = 4
"""Service pages read for one window: more than enough, as only the first can be partly shown."""


@dataclass(frozen=True, slots=True)
class TimelinePage:
    entries: list[AuditEntry]
    next_cursor: str | None
    total: int | None
    """Entries of every service together; None when one did not answer or did not say."""
    missing: tuple[PortalError, ...] = ()
    """The failure of each service that did not answer, naming it."""


@dataclass(frozen=True, slots=True)
class _Read:
    source: str
    window: SourceWindow = field(default_factory=SourceWindow)
    total: int | None = None
    failure: PortalError | None = None


def _resume_at(entries: Sequence[AuditEntry], position: SourcePosition) -> int:
    """Right after the last entry shown, found by its id if entries were added before it."""
    if position.last_id is not None:
        for index, entry in enumerate(entries):
            if entry.entry_id == position.last_id:
                return index + 1
    return min(position.skip, len(entries))


class ProgramAuditTimeline:
    def __init__(self, sources: Mapping[str, ProgramAuditApi]) -> None:
        self._sources = dict(sources)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self._sources)

    async def page(
        self, token: str, program_id: str, *, limit: int, cursor: str | None
    ) -> TimelinePage:
        names = self.sources
        positions = decode_positions(cursor, names)
        reads = await asyncio.gather(
            *(self._read(name, token, program_id, positions[name], limit) for name in names)
        )
        failures = tuple(read.failure for read in reads if read.failure is not None)
        answered = [read.source for read in reads if read.failure is None]
        if not answered and failures:
            raise failures[0]
        entries, after = merge_newest_first(
            {read.source: read.window for read in reads if read.failure is None},
            positions,
            limit=limit,
        )
        totals = [read.total for read in reads]
        return TimelinePage(
            entries=entries,
            next_cursor=encode_positions(after) if has_more(after, answered) else None,
            total=None if failures or None in totals else sum(t for t in totals if t is not None),
            missing=failures,
        )

    async def _read(
        self, source: str, token: str, program_id: str, at: SourcePosition | None, need: int
    ) -> _Read:
        try:
            return await self._window(source, token, program_id, at, need)
        except SignInRequired:
            raise
        except PortalError as failure:
            return _Read(source, failure=failure)

    async def _window(
        self, source: str, token: str, program_id: str, at: SourcePosition | None, need: int
    ) -> _Read:
        api = self._sources[source]
        if at is None:  # nothing more to show: asked only for the total
            first = await api.program_audit(token, program_id, limit=1, cursor=None)
            return _Read(source, total=first.total)
        taken: list[tuple[AuditEntry, SourcePosition | None]] = []
        total: int | None = None
        position = at
        for read in range(MAX_READS):
            asked = min(SERVICE_PAGE_LIMIT, position.skip + need - len(taken))
            page = await api.program_audit(
                token, program_id, limit=max(1, asked), cursor=position.cursor
            )
            if read == 0:
                total = page.total
            entries = [audit_entry_from(source, item) for item in page.items]
            for index in range(_resume_at(entries, position), len(entries)):
                if len(taken) == need:
                    break
                taken.append((entries[index], self._after(position, entries, index, page)))
            if len(taken) == need or not page.next_cursor:
                ends = not page.next_cursor and len(taken) < need
                return _Read(source, SourceWindow(tuple(taken), ends=ends), total)
            position = SourcePosition(cursor=page.next_cursor)
        raise Unavailable(source, "unreadable_response")  # pages that never fill: not a trail

    @staticmethod
    def _after(
        position: SourcePosition, entries: Sequence[AuditEntry], index: int, page: ListPage
    ) -> SourcePosition | None:
        """Where this service resumes once `entries[index]` is shown."""
        if index + 1 < len(entries):
            return SourcePosition(
                cursor=position.cursor, skip=index + 1, last_id=entries[index].entry_id
            )
        return SourcePosition(cursor=page.next_cursor) if page.next_cursor else None
