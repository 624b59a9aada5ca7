"""Programs' rows in memory: pages in key order, when a snapshot is read again, which are kept."""

from __future__ import annotations

import asyncio

from shared.storage.snapshots import ProgramSnapshots, Snapshot


class FakeRows:
    """A program's rows as a database would give them, counting the reads."""

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        self.reads = 0
        self.away = False

    async def load(self, program_id: str) -> list[str]:
        self.reads += 1
        if self.away:
            raise ConnectionError("database away")
        return list(self.rows)


def snapshots(rows: FakeRows, **options: float) -> ProgramSnapshots[str]:
    return ProgramSnapshots(rows.load, lambda row: row, **options)  # type: ignore[arg-type]


def test_pages_follow_the_key_order_from_after_the_cursor() -> None:
    rows = Snapshot(["p5", "p1", "p3", "p2", "p4"], lambda r: r, loaded_at=0)
    everyone = lambda _row: True  # noqa: E731
    assert rows.page(everyone, after=None, limit=2) == ["p1", "p2", "p3"]  # one more: a next
    assert rows.page(everyone, after="p2", limit=2) == ["p3", "p4", "p5"]
    assert rows.page(lambda r: r != "p4", after="p2", limit=2) == ["p3", "p5"]
    assert rows.page(everyone, after="p5", limit=2) == []
    assert rows.count(lambda r: r > "p2") == 3


def test_a_derived_figure_is_computed_once_per_snapshot() -> None:
    rows = Snapshot(["a", "b"], lambda r: r, loaded_at=0)
    calls: list[int] = []

    def size(found: list[str]) -> int:
        calls.append(1)
        return len(found)

    assert rows.derived("size", size) == rows.derived("size", size) == 2
    assert len(calls) == 1


async def test_a_change_through_this_process_is_read_at_once_otherwise_once_while_fresh() -> None:
    store = FakeRows(["p1"])
    cache = snapshots(store, fresh_seconds=3600)
    first = await cache.snapshot("prog")
    again = await cache.snapshot("prog")
    store.rows.append("p2")
    cache.changed("prog")
    assert cache.held("prog") is None  # known to be out of date
    after_change = await cache.snapshot("prog")
    assert first is again
    assert store.reads == 2
    assert after_change.keys == ["p1", "p2"]


async def test_a_stale_snapshot_is_served_while_a_fresh_one_is_read() -> None:
    store = FakeRows(["p1"])
    cache = snapshots(store, fresh_seconds=0)
    first = await cache.snapshot("prog")
    store.rows.append("p2")
    served = await cache.snapshot("prog")  # stale: served, and a fresh read starts
    for _ in range(5):  # let the fresh read finish
        await asyncio.sleep(0)
    latest = await cache.snapshot("prog")
    assert served is first
    assert latest.keys == ["p1", "p2"]


async def test_only_the_most_recently_read_programs_are_kept() -> None:
    store = FakeRows(["p1"])
    cache = snapshots(store, max_programs=2)
    for program in ("a", "b", "a", "c"):
        await cache.snapshot(program)
    reads = store.reads
    await cache.snapshot("a")
    await cache.snapshot("b")  # the least recently read left first: read again
    assert store.reads == reads + 1


async def test_a_failed_refresh_keeps_serving_the_old_snapshot() -> None:
    store = FakeRows(["p1"])
    cache = snapshots(store, fresh_seconds=0)
    first = await cache.snapshot("prog")
    store.away = True
    served = await cache.snapshot("prog")
    for _ in range(5):
        await asyncio.sleep(0)
    again = await cache.snapshot("prog")
    assert served is first
    assert again is first


class GatedRows(FakeRows):
    """Rows whose next read waits until the test opens the gate."""

    def __init__(self, rows: list[str]) -> None:
        super().__init__(rows)
        self.gate = asyncio.Event()
        self.gate.set()

    async def load(self, program_id: str) -> list[str]:
        seen = list(self.rows)  # what the database held when the read started
        await self.gate.wait()
        self.reads += 1
        return seen


async def test_a_read_in_flight_cannot_hide_a_change_from_concurrent_readers() -> None:
    store = GatedRows(["p1"])
    cache = snapshots(store, fresh_seconds=3600)
    await cache.snapshot("prog")
    store.rows.append("p2")
    cache.changed("prog")
    store.gate.clear()
    first_reader = asyncio.create_task(cache.snapshot("prog"))  # reads again, held at the gate
    await asyncio.sleep(0)
    second_reader = asyncio.create_task(cache.snapshot("prog"))
    await asyncio.sleep(0)
    assert not second_reader.done()  # it waits for the read, not serving the old rows
    store.gate.set()
    assert (await first_reader).keys == (await second_reader).keys == ["p1", "p2"]


async def test_a_change_during_a_read_makes_the_next_reader_read_again() -> None:
    store = GatedRows(["p1"])
    cache = snapshots(store, fresh_seconds=3600)
    await cache.snapshot("prog")
    cache.changed("prog")
    store.gate.clear()
    reader = asyncio.create_task(cache.snapshot("prog"))
    await asyncio.sleep(0)  # the read has started with ["p1"]
    store.rows.append("p2")
    cache.changed("prog")  # written after the read started
    store.gate.set()
    assert (await reader).keys == ["p1"]
    assert cache.held("prog") is None
    assert (await cache.snapshot("prog")).keys == ["p1", "p2"]
