"""The audit trail in memory, for unit tests of any service that keeps one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from shared.storage.audit import AuditEntry


class FakeAuditTrail:
    """Added once per entry id, read newest first, and cleared of what an erased person's
    entries said, as `shared.storage.audit.AuditTrail` does."""

    def __init__(self) -> None:
        self.entries: dict[str, AuditEntry] = {}

    async def record(self, entry: AuditEntry) -> None:
        self.entries.setdefault(entry.entry_id, entry)

    async def page(
        self, program_id: str | None, *, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[AuditEntry], int]:
        mine = self.of_program(program_id)[::-1]
        later = [e for e in mine if after is None or (e.at, e.entry_id) < after]
        return later[: limit + 1], len(mine)

    async def forget(self, person_id: str) -> int:
        cleared = 0
        for entry_id, entry in list(self.entries.items()):
            if person_id in entry.subjects and not entry.redacted:
                self.entries[entry_id] = replace(entry, changes={}, redacted=True)
                cleared += 1
        return cleared

    def of_program(self, program_id: str | None) -> list[AuditEntry]:
        """Oldest first."""
        return sorted(
            (e for e in self.entries.values() if e.program_id == program_id),
            key=lambda e: (e.at, e.entry_id),
        )
