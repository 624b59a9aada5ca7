"""Hand-written fakes of what the HTTP routes read besides the stores in `fakes.py`: the
inbox by page and the program's audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from services.notifications.domain.model import InboxItem
from shared.storage.audit import AuditEntry
from tests.unit.notifications.fakes import FakeInbox


class FakeInboxPages:
    """Pages over the fake inbox, newest first, keyed on (created_at, id) like MongoDB's."""

    def __init__(self, inbox: FakeInbox) -> None:
        self._inbox = inbox

    async def page(
        self,
        recipient_id: str,
        *,
        unread_only: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> tuple[list[InboxItem], int]:
        mine = sorted(
            (
                i
                for i in self._inbox.items.values()
                if i.recipient_id == recipient_id and (not unread_only or i.read_at is None)
            ),
            key=lambda i: (i.created_at, i.item_id),
            reverse=True,
        )
        later = [i for i in mine if after is None or (i.created_at, i.item_id) < after]
        return later[: limit + 1], len(mine)


class FakeAuditTrail:
    """The audit trail in memory: added once per entry id, read newest first, and cleared of
    what an erased person's entries said, as `shared.storage.audit.AuditTrail` does."""

    def __init__(self) -> None:
        self.entries: dict[str, AuditEntry] = {}

    async def record(self, entry: AuditEntry) -> None:
        self.entries.setdefault(entry.entry_id, entry)

    async def page(
        self, program_id: str | None, *, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[AuditEntry], int]:
        mine = sorted(
            (e for e in self.entries.values() if e.program_id == program_id),
            key=lambda e: (e.at, e.entry_id),
            reverse=True,
        )
        later = [e for e in mine if after is None or (e.at, e.entry_id) < after]
        return later[: limit + 1], len(mine)

    async def forget(self, person_id: str) -> int:
        cleared = 0
        for entry_id, entry in list(self.entries.items()):
            if person_id in entry.subjects and not entry.redacted:
                self.entries[entry_id] = replace(entry, changes={}, redacted=True)
                cleared += 1
        return cleared
