"""The change feed listens only while snapshots are read: it closes once none has been read for
`idle_seconds`, opens again on the next read (which then reads every snapshot again), and
closing the snapshots, or the feed closing itself, waits for the feed's own cleanup."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from shared.storage.snapshots import ProgramSnapshots
from tests.unit.shared.test_program_snapshots import FakeRows
from tests.unit.shared.test_snapshot_change_feed import FakeFeed, settle

IDLE = 0.3


class ClosingFeed(FakeFeed):
    """A fake change stream that notes when it stops listening, after a cleanup that takes a
    while (as closing a server cursor does)."""

    def __init__(self, cleanup_seconds: float = 0.0) -> None:
        super().__init__()
        self.cleanup_seconds = cleanup_seconds
        self.cleaning = asyncio.Event()
        self.closed_at: list[float] = []

    async def __call__(self, opened: Callable[[], None]) -> AsyncIterator[str | None]:
        try:
            async for change in super().__call__(opened):
                yield change
        finally:
            self.cleaning.set()
            await asyncio.sleep(self.cleanup_seconds)
            self.closed_at.append(time.monotonic())


def idle_closing(rows: FakeRows, feed: FakeFeed) -> ProgramSnapshots[str]:
    return ProgramSnapshots(
        rows.load, lambda row: row, fresh_seconds=3600, changes=feed, idle_seconds=IDLE
    )


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the timeout"
        await asyncio.sleep(0.01)


async def test_the_feed_closes_once_no_snapshot_has_been_read_for_the_idle_time() -> None:
    store, feed = FakeRows(["p1"]), ClosingFeed()
    cache = idle_closing(store, feed)
    await cache.snapshot("prog")
    await until(lambda: cache.listening)
    await asyncio.sleep(IDLE / 2)
    last_read = time.monotonic()
    await cache.snapshot("prog")  # puts the closing off
    await until(lambda: bool(feed.closed_at))
    assert feed.closed_at[0] - last_read >= IDLE
    assert not cache.listening
    assert feed.opened == 1
    await cache.close()


async def test_the_next_read_opens_the_feed_again_and_every_snapshot_is_read_again() -> None:
    store, feed = FakeRows(["p1"]), ClosingFeed()
    cache = idle_closing(store, feed)
    await cache.snapshot("prog")
    await until(lambda: bool(feed.closed_at))
    store.rows.append("p2")  # changed while nobody listened: no feed can tell
    served = await cache.snapshot("prog")
    await until(lambda: cache.listening)
    await cache.snapshot("prog")  # read before the feed opened: read once more, behind
    await cache.settle()
    assert served.keys == ["p1"]
    assert (await cache.snapshot("prog")).keys == ["p1", "p2"]
    assert feed.opened == 2
    reads = store.reads
    feed.changes.put_nowait("prog")  # and the reopened feed is heard
    await settle()
    await cache.snapshot("prog")
    await cache.settle()
    assert store.reads == reads + 1
    await cache.close()


async def test_closing_the_snapshots_waits_for_the_feed_to_clean_up() -> None:
    feed = ClosingFeed(cleanup_seconds=0.05)
    cache = idle_closing(FakeRows(["p1"]), feed)
    await cache.snapshot("prog")
    await until(lambda: cache.listening)
    await cache.close()
    assert len(feed.closed_at) == 1
    assert not cache.listening
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_closing_while_the_idle_feed_cleans_up_still_lets_it_finish() -> None:
    feed = ClosingFeed(cleanup_seconds=0.1)
    cache = idle_closing(FakeRows(["p1"]), feed)
    await cache.snapshot("prog")
    await until(lambda: cache.listening)
    await feed.cleaning.wait()  # the idle feed is closing
    await cache.close()
    assert len(feed.closed_at) == 1  # its cleanup was not cut short
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_a_read_while_the_idle_feed_closes_opens_it_again() -> None:
    feed = ClosingFeed(cleanup_seconds=0.1)
    cache = idle_closing(FakeRows(["p1"]), feed)
    await cache.snapshot("prog")
    await feed.cleaning.wait()
    assert not cache.listening
    await cache.snapshot("prog")
    await until(lambda: feed.opened == 2 and cache.listening)
    assert len(feed.closed_at) == 1
    await cache.close()
