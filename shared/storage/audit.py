"""The audit trail: who did what, when, to which program; append-only, in each service's own
database.

Entries name people by their pseudonymous ids only. What changed is kept as field names and
non-personal values (settings, counts, reasons), never a name, email or free text, so the trail
can be read by admins and never needs to pass through logs. An entry that concerns a person
lists their id in `subjects`; erasing that person clears the entry's `changes` too.

Entry ids are derived from the unit of work, so a retried command or a redelivered event
records its entry once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.storage.mongo import CollectionSpec, Document

AUDIT = "audit"
NO_PROGRAM = "-"
"""The `program_id` of entries that concern no program (e.g. the directory's own changes)."""

AUDIT_SPEC = CollectionSpec(
    AUDIT,
    [
        IndexModel([("program_id", 1), ("at", DESCENDING), ("_id", DESCENDING)], name="by_program"),
        IndexModel([("subjects", 1)], name="by_subject"),
    ],
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    entry_id: str
    at: datetime
    actor_id: str
    action: str
    program_id: str | None
    target: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    subjects: Sequence[str] = ()
    redacted: bool = False


def _document(entry: AuditEntry) -> Document:
    return {
        "_id": entry.entry_id,
        "at": entry.at,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "program_id": entry.program_id or NO_PROGRAM,
        "target": entry.target,
        "changes": dict(entry.changes),
        "subjects": list(entry.subjects),
        "redacted": entry.redacted,
    }


def _entry(doc: Document) -> AuditEntry:
    program = doc.get("program_id")
    return AuditEntry(
        entry_id=str(doc["_id"]),
        at=doc["at"],
        actor_id=str(doc["actor_id"]),
        action=str(doc["action"]),
        program_id=None if program == NO_PROGRAM else program,
        target=doc.get("target"),
        changes=doc.get("changes") or {},
        subjects=tuple(doc.get("subjects") or ()),
        redacted=bool(doc.get("redacted")),
    )


class AuditTrail:
    """Entries are only ever added, read and (on erasure) stripped of what they say."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._entries = collection

    async def record(self, entry: AuditEntry) -> None:
        with contextlib.suppress(DuplicateKeyError):  # the same unit of work, recorded already
            await self._entries.insert_one(_document(entry))

    async def page(
        self, program_id: str | None, *, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[AuditEntry], int]:
        """Newest first: up to limit + 1 entries after the position `after` (at, entry id),
        and how many the program has in all."""
        scope: Document = {"program_id": program_id or NO_PROGRAM}
        query = dict(scope)
        if after is not None:
            at, entry_id = after
            query["$or"] = [{"at": {"$lt": at}}, {"at": at, "_id": {"$lt": entry_id}}]
        docs = (
            await self._entries.find(query)
            .sort([("at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit + 1)
            .to_list(None)
        )
        total = await self._entries.count_documents(scope)
        return [_entry(d) for d in docs], total

    async def forget(self, person_id: str) -> int:
        """Right to erasure: entries about this person keep who acted, when and what kind of
        action it was, and lose what changed. Returns how many entries were cleared."""
        result = await self._entries.update_many(
            {"subjects": person_id, "redacted": {"$ne": True}},
            {"$set": {"changes": {}, "redacted": True}},
        )
        return int(result.modified_count)
