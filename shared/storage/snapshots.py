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
- with a `changes` feed (a MongoDB change stream of the collection), a change made anywhere
  marks its program `stale` instead: the next read is served and reads it again behind. While
  the feed listens, nothing changed means nothing is read again (but once every
  `watched_seconds`, in case the feed missed something); a feed that fails falls back to
  `fresh_seconds` until it listens again, and then every snapshot older than that is read again.
  At 10,000 people a reload every ten seconds kept the local database busy for a good part of
  each second it ran, and every page that asked it anything waited.
- the feed opens on the first read and closes once no snapshot has been read for
  `idle_seconds`: a change stream costs the database a getMore call every second or so (see
  `shared.storage.program_changes`), which a service nobody looks at need not pay. The next
  read opens it again, and as on every opening, each snapshot read before it is read again.
- at most `max_programs` programs are kept, the least recently read leaving first.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar

log = logging.getLogger("twoway.storage")
R = TypeVar("R")
T = TypeVar("T")
NEVER = float("-inf")
MAX_RETRY_SECONDS = 300.0


class ChangeFeed(Protocol):
    """Programs whose rows changed, wherever the change was made: yields each changed
    program's id, or None for a change it cannot place. Calls `opened()` once it listens,
    before the first change; ends or raises when it stops listening."""

    def __call__(self, opened: Callable[[], None]) -> AsyncIterator[str | None]: ...


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
        changes: ChangeFeed | None = None,
        watched_seconds: float = 300.0,
        retry_seconds: float = 5.0,
        idle_seconds: float = 120.0,
    ) -> None:
        self._load = load
        self._key = key
        self._fresh_seconds = fresh_seconds
        self._max_programs = max_programs
        self._snapshots: OrderedDict[str, Snapshot[R]] = OrderedDict()
        self._generations: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refreshing: dict[str, asyncio.Task[Any]] = {}
        self._changes = changes
        self._watched_seconds = watched_seconds
        self._retry_seconds = retry_seconds
        self._idle_seconds = idle_seconds
        self._watcher: asyncio.Task[None] | None = None
        self._listener: asyncio.Task[None] | None = None
        self._wanted = asyncio.Event()
        self._last_read = NEVER
        self._listening = False
        self._stale_since: dict[str, float] = {}
        self._all_stale_since = NEVER

    @property
    def listening(self) -> bool:
        """Whether the change feed listens now (without one: never)."""
        return self._listening

    def stale(self, program_id: str | None) -> None:
        """The program's rows (None: any program's) changed elsewhere: the next read of a
        snapshot loaded before now is served and starts a fresh read behind."""
        now = time.monotonic()
        if program_id is None:
            self._all_stale_since = now
        else:
            self._stale_since[program_id] = now

    def _due(self, held: Snapshot[R], program_id: str, now: float) -> bool:
        """Whether a fresh read of the program should start."""
        changed = max(self._stale_since.get(program_id, NEVER), self._all_stale_since)
        if changed >= held.loaded_at:
            return True
        fresh = self._watched_seconds if self._listening else self._fresh_seconds
        return now - held.loaded_at > fresh

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
        self._start_watching()
        current = self._current(program_id)
        if current is None:
            return await self._reload(program_id)
        self._snapshots.move_to_end(program_id)
        if self._due(current, program_id, time.monotonic()) and program_id not in self._refreshing:
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
            if held is not None and not self._due(held, program_id, started):
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

    def _start_watching(self) -> None:
        self._last_read = time.monotonic()
        if self._changes is None:
            return
        self._wanted.set()
        if self._watcher is None:
            self._watcher = asyncio.create_task(self._watch_while_read(self._changes))

    async def _watch_while_read(self, changes: ChangeFeed) -> None:
        """Listen from a read until no snapshot has been read for `idle_seconds`; again from
        the next read."""
        while True:
            await self._wanted.wait()
            self._listener = asyncio.create_task(self._watch(changes))
            try:
                await self._until_idle()
            finally:
                # Settled before anything is awaited, so a read that comes while the feed
                # closes finds it closed (its snapshot judged by `fresh_seconds`) and has it
                # opened again.
                self._wanted.clear()
                self._listening = False
                await self._stop_listening()

    async def _until_idle(self) -> None:
        """Until no snapshot has been read for `idle_seconds` (each read puts it off)."""
        while True:
            left = self._last_read + self._idle_seconds - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(left)

    async def _stop_listening(self) -> None:
        listener = self._listener
        if listener is None:
            return
        if not listener.cancelling():  # once: a second cancel would cut its cleanup short
            listener.cancel()
        # Not gather: whoever waits here may be cancelled itself, which must not reach the feed.
        await asyncio.wait({listener})
        if self._listener is listener:
            self._listener = None

    def _opened(self) -> None:
        # Changes made while nobody listened are unknown: every snapshot read before now is
        # read again on its next use.
        self.stale(None)
        self._listening = True

    async def _watch(self, changes: ChangeFeed) -> None:
        wait = self._retry_seconds
        while True:
            try:
                async for program_id in changes(self._opened):
                    self.stale(program_id)
            except Exception as error:  # the feed is a help, never a reason to fail a read
                log.warning(
                    "snapshot change feed stopped",
                    extra={"error_type": type(error).__name__, "retry_seconds": wait},
                )
            # A database without change streams (a standalone server) is asked again rarely.
            wait = self._retry_seconds if self._listening else min(2 * wait, MAX_RETRY_SECONDS)
            self._listening = False
            await asyncio.sleep(wait)

    async def settle(self) -> None:
        """Wait until the reads started behind served snapshots have ended."""
        while self._refreshing:
            await asyncio.gather(*list(self._refreshing.values()), return_exceptions=True)

    async def close(self) -> None:
        """Stop listening for changes (the snapshots in memory stay)."""
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None
        await self._stop_listening()  # if closing cut short the watcher's own wait for it
        self._listening = False
