"""The change feed reads its stream in batches: its getMore calls start a pause apart at least,
so what is written meanwhile comes in one, however promptly the server answers; a change while
the server waits comes at once; the server cursor is closed when the feed stops; a program is
told from the document key where the key carries it, with no lookup."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from shared.storage.program_changes import program_changes
from shared.storage.snapshots import ChangeFeed

CURSOR = 7


class FakeStreamServer:
    """A collection, its database and its client in one: a change stream whose getMore takes
    every change written so far, or waits up to maxTimeMS for the first."""

    name = "people"

    def __init__(self) -> None:
        self.database = self.client = self
        self.written: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.pipeline: list[dict[str, Any]] = []
        self.asked_at: list[float] = []
        self.killed: list[int] = []
        self.ended = False

    def start_session(self, **options: Any) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()

    def write(self, key: str, full: dict[str, Any] | None = None) -> None:
        change: dict[str, Any] = {"_id": {"_data": str(len(self.written))}}
        change["documentKey"] = {"_id": key}
        if full is not None:
            change["fullDocument"] = full
        self.written.append(change)
        self.arrived.set()

    async def command(self, name: str, value: Any, **options: Any) -> dict[str, Any]:
        if name == "aggregate":
            self.pipeline = options["pipeline"]
            return {"cursor": {"id": CURSOR, "firstBatch": []}}
        if name == "killCursors":
            self.killed.extend(options["cursors"])
            return {"ok": 1}
        assert name == "getMore"
        assert value == CURSOR
        self.asked_at.append(time.monotonic())
        if not self.written:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), options["maxTimeMS"] / 1000)
        batch, self.written = self.written, []
        self.arrived.clear()
        return {"cursor": {"id": 0 if self.ended else CURSOR, "nextBatch": batch}}


def feed_of(server: FakeStreamServer, **options: Any) -> ChangeFeed:
    return program_changes(server, **options)  # type: ignore[arg-type]


class Listener:
    """Reads a feed in the background, as the snapshots do."""

    def __init__(self, feed: ChangeFeed) -> None:
        self.seen: list[str | None] = []
        self.task = asyncio.create_task(self._read(feed))

    async def _read(self, feed: ChangeFeed) -> None:
        async for program_id in feed(lambda: None):
            self.seen.append(program_id)

    async def until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"seen only {self.seen}"
            assert not self.task.done(), "the feed stopped"
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


def program_of_key(key: Any) -> str | None:
    return str(key).partition("|")[0]


async def test_changes_written_while_the_feed_pauses_come_in_one_get_more() -> None:
    server = FakeStreamServer()
    listener = Listener(feed_of(server, program_of_key=program_of_key, pause_seconds=1.0))
    server.write("a|1")
    await listener.until(lambda: listener.seen == ["a"])
    asked = len(server.asked_at)
    for n in range(1, 50):  # one at a time, while the feed pauses after its first batch
        server.write(f"b|{n}")
        await asyncio.sleep(0.001)
    await listener.until(lambda: len(listener.seen) == 50)
    assert len(server.asked_at) == asked + 1
    await listener.stop()
    assert server.killed == [CURSOR]


async def test_get_mores_start_a_pause_apart_even_when_the_server_answers_at_once() -> None:
    server = FakeStreamServer()  # answers empty after 1 ms, as if something else was written
    listener = Listener(
        feed_of(server, program_of_key=program_of_key, pause_seconds=0.1, wait_seconds=0.001)
    )
    await listener.until(lambda: len(server.asked_at) >= 4)
    await listener.stop()
    gaps = [b - a for a, b in zip(server.asked_at, server.asked_at[1:], strict=False)]
    assert min(gaps) >= 0.099


async def test_a_change_while_the_server_waits_is_answered_at_once() -> None:
    server = FakeStreamServer()
    listener = Listener(
        feed_of(server, program_of_key=program_of_key, pause_seconds=0.05, wait_seconds=30)
    )
    await listener.until(lambda: len(server.asked_at) == 1)  # the server holds it
    written = time.monotonic()
    server.write("a|1")
    await listener.until(lambda: listener.seen == ["a"])
    assert time.monotonic() - written < 5  # not the 30 s the server would hold an empty one
    await listener.stop()


async def test_a_stream_the_server_ends_ends_the_feed_with_its_last_changes() -> None:
    server = FakeStreamServer()
    listener = Listener(feed_of(server, program_of_key=program_of_key))
    server.ended = True
    server.write("a|1")
    await asyncio.wait_for(listener.task, 5)
    assert listener.seen == ["a"]
    assert server.killed == []  # nothing left to close on the server


async def test_a_key_that_carries_the_program_needs_no_lookup() -> None:
    server = FakeStreamServer()
    listener = Listener(feed_of(server, program_of_key=program_of_key))
    server.write("a|1")
    await listener.until(lambda: listener.seen == ["a"])
    await listener.stop()
    assert server.pipeline[0] == {"$changeStream": {}}
    assert server.pipeline[-1] == {"$project": {"documentKey._id": 1}}


async def test_without_one_the_program_is_looked_up_and_a_deleted_document_is_not_placed() -> None:
    server = FakeStreamServer()
    listener = Listener(feed_of(server, pause_seconds=0))
    server.write("pr-1", {"program_id": "a"})
    server.write("pr-2")  # deleted: nothing to look up
    await listener.until(lambda: len(listener.seen) == 2)
    await listener.stop()
    assert listener.seen == ["a", None]
    assert server.pipeline[0] == {"$changeStream": {"fullDocument": "updateLookup"}}
