"""Snapshots that hear of changes: nothing changed means nothing read again; a change made
anywhere is read behind; a feed that stops falls back to reading again every few seconds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from shared.storage.snapshots import ProgramSnapshots
from tests.unit.shared.test_program_snapshots import FakeRows

STOP = "stop"


class FakeFeed:
    """A change stream the test writes to: program ids, None (can't tell which), or STOP."""

    def __init__(self) -> None:
        self.changes: asyncio.Queue[str | None] = asyncio.Queue()
        self.opened = 0
        self.refuse = False

    async def __call__(self, opened: Callable[[], None]) -> AsyncIterator[str | None]:
        if self.refuse:
            raise ConnectionError("no change stream here")
        self.opened += 1
        opened()
        while (change := await self.changes.get()) != STOP:
            yield change


async def settle() -> None:
    """Let the watcher and any read started behind run to their next wait."""
    for _ in range(10):
        await asyncio.sleep(0)


def watched(rows: FakeRows, feed: FakeFeed, **options: float) -> ProgramSnapshots[str]:
    return ProgramSnapshots(
        rows.load,
        lambda row: row,
        fresh_seconds=0,
        changes=feed,
        retry_seconds=0,
        **options,  # type: ignore[arg-type]
    )


async def test_while_the_feed_listens_an_unchanged_program_is_not_read_again() -> None:
    store, feed = FakeRows(["p1"]), FakeFeed()
    cache = watched(store, feed)
    await cache.snapshot("prog")
    await settle()
    assert cache.listening
    await cache.snapshot("prog")  # listening began after this read started: read once more
    await settle()
    reads = store.reads
    for _ in range(5):
        await cache.snapshot("prog")
        await settle()
    assert store.reads == reads
    await cache.close()


async def test_a_change_made_elsewhere_is_served_after_one_read_behind() -> None:
    store, feed = FakeRows(["p1"]), FakeFeed()
    cache = watched(store, feed)
    await cache.snapshot("prog")
    await settle()
    await cache.snapshot("prog")
    await settle()
    store.rows.append("p2")
    feed.changes.put_nowait("prog")
    await settle()
    served = await cache.snapshot("prog")  # the old rows, while the new ones are read
    await settle()
    assert served.keys == ["p1"]
    assert (await cache.snapshot("prog")).keys == ["p1", "p2"]
    await cache.close()


async def test_a_change_of_another_program_leaves_this_one_alone() -> None:
    store, feed = FakeRows(["p1"]), FakeFeed()
    cache = watched(store, feed)
    await cache.snapshot("prog")
    await settle()
    await cache.snapshot("prog")
    await settle()
    reads = store.reads
    feed.changes.put_nowait("other")
    await settle()
    await cache.snapshot("prog")
    await settle()
    assert store.reads == reads
    feed.changes.put_nowait(None)  # a change it cannot place: every program is read again
    await settle()
    await cache.snapshot("prog")
    await settle()
    assert store.reads == reads + 1
    await cache.close()


async def test_a_feed_that_stops_falls_back_to_reading_again_and_listens_again() -> None:
    store, feed = FakeRows(["p1"]), FakeFeed()
    cache = watched(store, feed)
    await cache.snapshot("prog")
    await settle()
    feed.refuse = True
    feed.changes.put_nowait(STOP)
    await settle()
    assert not cache.listening
    reads = store.reads
    await cache.snapshot("prog")  # fresh_seconds=0 without the feed: read behind each time
    await settle()
    assert store.reads == reads + 1
    feed.refuse = False
    await settle()
    assert cache.listening
    assert feed.opened == 2
    await cache.close()


async def test_without_a_feed_the_snapshots_never_listen() -> None:
    cache = ProgramSnapshots(FakeRows(["p1"]).load, lambda row: row)
    await cache.snapshot("prog")
    assert not cache.listening
    await cache.close()
