"""A program's participant list held in memory for paging, filtering, search and counts.

Why: the console pages, filters and searches a program of 10,000+ people on every click. The
keyset query is the right one for MongoDB, but the local stack's SecantusDB reads every match of
a query before it limits or counts (about 30 ms per 1,000), so a 10,000-person program cost
over half a second per page, and a search or the counts as much again. Here the slim rows of a
program (no contact details, no profile beyond the list's columns) are read once and kept:

- changes made through this process's API mark the program dirty: the next read reloads it;
- otherwise a snapshot older than `fresh_seconds` is still served while one fresh read runs
  in the background, so changes from elsewhere (another instance, the HR sync on Kafka) show
  after a few seconds at most;
- at most `max_programs` programs are kept, the least recently read leaving first.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from shared.storage.mongo import Document

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
    haystack: str  # what `q` searches: id, display name and department, lower-cased

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


@dataclass
class Snapshot:
    rows: list[DirectoryRow]
    ids: list[str] = field(init=False)
    counts: dict[tuple[str, str], int] = field(init=False)
    loaded_at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.rows.sort(key=lambda r: r.participant_id)
        self.ids = [r.participant_id for r in self.rows]
        self.counts = {}
        for row in self.rows:
            key = (row.status, row.role)
            self.counts[key] = self.counts.get(key, 0) + 1

    def page(
        self,
        matches: Callable[[DirectoryRow], bool],
        *,
        after: str | None,
        limit: int,
    ) -> list[DirectoryRow]:
        """Up to limit + 1 matching rows after the id `after`, by id."""
        start = bisect.bisect_right(self.ids, after) if after is not None else 0
        found: list[DirectoryRow] = []
        for row in self.rows[start:]:
            if matches(row):
                found.append(row)
                if len(found) > limit:
                    break
        return found

    def count(self, matches: Callable[[DirectoryRow], bool]) -> int:
        return sum(1 for row in self.rows if matches(row))


class ParticipantDirectory:
    def __init__(
        self,
        participants: AsyncCollection[Document],
        *,
        fresh_seconds: float = 10.0,
        max_programs: int = 16,
    ) -> None:
        self._participants = participants
        self._fresh_seconds = fresh_seconds
        self._max_programs = max_programs
        self._snapshots: OrderedDict[str, Snapshot] = OrderedDict()
        self._dirty: set[str] = set()
        self._locks: dict[str, asyncio.Lock] = {}
        self._refreshing: dict[str, asyncio.Task[Any]] = {}

    def changed(self, program_id: str) -> None:
        """This process changed the program's participants: the next read reloads them."""
        self._dirty.add(program_id)

    async def snapshot(self, program_id: str) -> Snapshot:
        current = self._snapshots.get(program_id)
        if current is None or program_id in self._dirty:
            return await self._reload(program_id)
        self._snapshots.move_to_end(program_id)
        age = time.monotonic() - current.loaded_at
        if age > self._fresh_seconds and program_id not in self._refreshing:
            task = asyncio.create_task(self._reload(program_id))
            self._refreshing[program_id] = task
            task.add_done_callback(lambda _: self._refreshing.pop(program_id, None))
        return current

    async def _reload(self, program_id: str) -> Snapshot:
        lock = self._locks.setdefault(program_id, asyncio.Lock())
        async with lock:
            waited = self._snapshots.get(program_id)
            started = time.monotonic()
            if (
                waited is not None
                and program_id not in self._dirty
                and (started - waited.loaded_at < self._fresh_seconds)
            ):
                return waited  # another request loaded it while this one waited
            self._dirty.discard(program_id)
            rows = await self._load(program_id)
            fresh = Snapshot(rows, loaded_at=started)
            self._snapshots[program_id] = fresh
            self._snapshots.move_to_end(program_id)
            while len(self._snapshots) > self._max_programs:
                self._snapshots.popitem(last=False)
            return fresh

    async def _load(self, program_id: str) -> list[DirectoryRow]:
        cursor = self._participants.find({"program_id": program_id}, SLIM_FIELDS)
        return [DirectoryRow.of(doc) async for doc in cursor]


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


def merged_counts(counts: Iterable[tuple[tuple[str, str], int]]) -> tuple[dict[str, int], ...]:
    """(status, role) counts -> (by status, by role)."""
    by_status: dict[str, int] = {}
    by_role: dict[str, int] = {}
    for (status, role), n in counts:
        by_status[status] = by_status.get(status, 0) + n
        by_role[role] = by_role.get(role, 0) + n
    return by_status, by_role
