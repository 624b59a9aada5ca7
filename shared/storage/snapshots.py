"""A program's rows held in memory, for lists that page, filter, search and count on each click.

Why: the console pages through programs of 10,000+ people. The keyset queries behind the lists
are the right ones for MongoDB, but the local stack's SecantusDB reads every match of a query
before it limits or counts (about 30 ms per 1,000), so one page of a large program took half
a second, and its total as much again. A service keeps the slim rows of the programs being
looked at instead:

- a change made through this process marks its program `changed`: the next read reloads it;
- otherwise a snapshot older than `fresh_seconds` is still served while one fresh read runs in
  the background, so changes from elsewhere (another instance, a Kafka consumer) show within
  seconds;
- at most `max_programs` programs are kept, the least recently read leaving first.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

log = logging.getLogger("twoway.storage")
R = TypeVar("R")
T = TypeVar("T")


class Snapshot(Generic[R]):
    def __init__(
        self, rows: list[R], key: Callable[[R], str], loaded_at: float, generation: int = 0
    ) -> None:
        self.rows = sorted(rows, key=key)
        self.generation = generation
        """How many changes of its program this process had seen when the read started."""
        self.keys = [key(r) for r in self.rows]
        self.loaded_at = loaded_at
        self._derived: dict[str, Any] = {}

    def page(self, matches: Callable[[R], bool], *, after: str | None, limit: int) -> list[R]:
        """Up to limit + 1 matching rows after the key `after`, in key order."""
        start = bisect.bisect_right(self.keys, after) if after is not None else 0
        found: list[R] = []
        for row in self.rows[start:]:
            if matches(row):
                found.append(row)
                if len(found) > limit:
                    break
        return found

    def count(self, matches: Callable[[R], bool]) -> int:
        return sum(1 for row in self.rows if matches(row))

    def derived(self, name: str, compute: Callable[[list[R]], T]) -> T:
        """A figure computed once per snapshot (e.g. counts by status)."""
        if name not in self._derived:
            self._derived[name] = compute(self.rows)
        return self._derived[name]  # type: ignore[no-any-return]


class ProgramSnapshots(Generic[R]):
    def __init__(
        self,
        load: Callable[[str], Awaitable[list[R]]],
        key: Callable[[R], str],
        *,
        fresh_seconds: float = 10.0,
        max_programs: int = 16,
    ) -> None:
        self._load = load
        self._key = key
        self._fresh_seconds = fresh_seconds
        self._max_programs = max_programs
        self._snapshots: OrderedDict[str, Snapshot[R]] = OrderedDict()
        self._generations: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refreshing: dict[str, asyncio.Task[Any]] = {}

    def changed(self, program_id: str) -> None:
        """This process changed the program's rows: the next read reloads them.

        A read that started before the change and ends after it is out of date too: every
        snapshot carries the count of changes seen when its read started, and only one that
        carries the current count is served.
        """
        self._generations[program_id] = self._generations.get(program_id, 0) + 1

    def _current(self, program_id: str) -> Snapshot[R] | None:
        held = self._snapshots.get(program_id)
        if held is None or held.generation != self._generations.get(program_id, 0):
            return None
        return held

    def held(self, program_id: str) -> Snapshot[R] | None:
        """The snapshot in memory, if any and not known to be out of date; reads nothing."""
        return self._current(program_id)

    async def snapshot(self, program_id: str) -> Snapshot[R]:
        current = self._current(program_id)
        if current is None:
            return await self._reload(program_id)
        self._snapshots.move_to_end(program_id)
        age = time.monotonic() - current.loaded_at
        if age > self._fresh_seconds and program_id not in self._refreshing:
            task = asyncio.create_task(self._reload(program_id))
            self._refreshing[program_id] = task
            task.add_done_callback(lambda done: self._refreshed(program_id, done))
        return current

    def _refreshed(self, program_id: str, done: asyncio.Task[Any]) -> None:
        self._refreshing.pop(program_id, None)
        if not done.cancelled() and done.exception() is not None:
            # The old snapshot stays; the next read past its age tries again.
            log.warning(
                "snapshot refresh failed", extra={"error_type": type(done.exception()).__name__}
            )

    async def _reload(self, program_id: str) -> Snapshot[R]:
        lock = self._locks.setdefault(program_id, asyncio.Lock())
        async with lock:
            held = self._current(program_id)
            started = time.monotonic()
            if held is not None and started - held.loaded_at < self._fresh_seconds:
                return held  # another request loaded it while this one waited
            generation = self._generations.get(program_id, 0)
            rows = await self._load(program_id)
            fresh = Snapshot(rows, self._key, loaded_at=started, generation=generation)
            self._snapshots[program_id] = fresh
            self._snapshots.move_to_end(program_id)
            while len(self._snapshots) > self._max_programs:
                dropped, _ = self._snapshots.popitem(last=False)
                self._locks.pop(dropped, None)
            return fresh
