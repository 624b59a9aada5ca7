"""A program's participant list in memory (see `shared.storage.snapshots` for why and how)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from shared.storage.mongo import Document
from shared.storage.program_changes import program_changes
from shared.storage.snapshots import ProgramSnapshots

SLIM_FIELDS = {
    "participant_id": 1,
    "role": 1,
    "status": 1,
    "profile_version": 1,
    "joined_at": 1,
    "profile.display_name": 1,
    "profile.department": 1,
    "profile.location": 1,
}
Counts = dict[tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class DirectoryRow:
    participant_id: str
    role: str
    status: str
    display_name: str | None
    department: str | None
    location: str | None
    profile_version: int
    joined_at: datetime | None
    haystack: str  # what `q` searches: id, display name and department, case-folded

    @classmethod
    def of(cls, doc: Document) -> DirectoryRow:
        profile = doc.get("profile") or {}
        name, department = profile.get("display_name"), profile.get("department")
        return cls(
            participant_id=doc["participant_id"],
            role=doc["role"],
            status=doc["status"],
            display_name=name,
            department=department,
            location=profile.get("location"),
            profile_version=int(doc.get("profile_version", 1)),
            joined_at=doc.get("joined_at"),
            haystack="\n".join(
                part.casefold() for part in (doc["participant_id"], name, department) if part
            ),
        )


ParticipantDirectory = ProgramSnapshots[DirectoryRow]


def program_of_membership(key: Any) -> str | None:
    """The program of a membership's `_id` (`participant_key`: the program's id, "|", the
    person's), or None for another key. Program ids hold no "|" (`ID_PATTERN` of the events).

    The change feed places a change by its key, so the database need not look each changed
    participant up to tell its program.
    """
    if not isinstance(key, str):
        return None
    program_id, bar, _ = key.partition("|")
    return program_id if bar and program_id else None


def participant_directory(
    participants: AsyncCollection[Document], *, max_programs: int = 64
) -> ParticipantDirectory:
    async def load(program_id: str) -> list[DirectoryRow]:
        cursor = participants.find({"program_id": program_id}, SLIM_FIELDS)
        return [DirectoryRow.of(doc) async for doc in cursor]

    return ProgramSnapshots(
        load,
        lambda row: row.participant_id,
        max_programs=max_programs,
        changes=program_changes(participants, program_of_key=program_of_membership),
    )


def counts_of(rows: list[DirectoryRow]) -> Counts:
    """(status, role) -> how many."""
    counts: Counts = {}
    for row in rows:
        counts[(row.status, row.role)] = counts.get((row.status, row.role), 0) + 1
    return counts


def matcher(
    *, role: str | None, status: str | None, q: str | None
) -> Callable[[DirectoryRow], bool]:
    needle = q.casefold() if q is not None else None

    def matches(row: DirectoryRow) -> bool:
        return (
            (role is None or row.role == role)
            and (status is None or row.status == status)
            and (needle is None or needle in row.haystack)
        )

    return matches


def merged_counts(counts: Counts) -> tuple[dict[str, int], dict[str, int]]:
    """(status, role) counts -> (by status, by role)."""
    by_status: dict[str, int] = {}
    by_role: dict[str, int] = {}
    for (status, role), n in counts.items():
        by_status[status] = by_status.get(status, 0) + n
        by_role[role] = by_role.get(role, 0) + n
    return by_status, by_role
