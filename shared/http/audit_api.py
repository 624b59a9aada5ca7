"""Reading an audit trail over HTTP: newest first, paged like every other list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import CursorCodec, InvalidCursor, page_of
from shared.storage.audit import AuditEntry, AuditTrail

_AUDIT = CursorCodec("audit")


class AuditEntryView(BaseModel):
    model_config = ConfigDict(frozen=True)

    entry_id: str
    at: datetime
    actor_id: str = Field(description="Who acted: a token's subject, or scim:<connection>")
    action: str = Field(description="What kind of action, e.g. round.run or pair.ended")
    program_id: str | None
    target: str | None = Field(description="The id of what was acted on (pair, person...)")
    changes: dict[str, Any] = Field(description="What changed: field names and plain values")
    redacted: bool = Field(description="Cleared of its changes when a person was erased")

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryView:
        return cls(
            entry_id=entry.entry_id,
            at=entry.at,
            actor_id=entry.actor_id,
            action=entry.action,
            program_id=entry.program_id,
            target=entry.target,
            changes=dict(entry.changes),
            redacted=entry.redacted,
        )


class AuditPage(BaseModel):
    items: list[AuditEntryView]
    next_cursor: str | None
    total: int


async def audit_page(
    trail: AuditTrail, program_id: str | None, *, limit: int, cursor: str | None
) -> AuditPage:
    filters = {"program": program_id or "-"}
    position = _AUDIT.decode(cursor, filters, 2)
    after = None
    if position is not None:
        try:
            after = (datetime.fromisoformat(str(position[0])), str(position[1]))
        except ValueError:
            raise InvalidCursor() from None
    rows, total = await trail.page(program_id, after=after, limit=limit)
    page = page_of(
        rows,
        limit=limit,
        total=total,
        position_of=lambda entry: (entry.at.isoformat(), entry.entry_id),
        view=AuditEntryView.of,
        codec=_AUDIT,
        filters=filters,
    )
    return AuditPage(items=page.items, next_cursor=page.next_cursor, total=total)
