"""Snapshots on the real database hear of a change another instance made, through the
collection's change stream, and are read again only then; the stream is read in batches, so many
writes cost a few getMore calls, not one each."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

from services.matching.adapters.mongo_participant_directory import program_of_membership
from shared.storage.program_changes import program_changes
from shared.storage.snapshots import ProgramSnapshots

pytestmark = pytest.mark.integration
Rows = ProgramSnapshots[dict[str, Any]]


class GetMores(CommandListener):
    """The getMore calls the client sends."""

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: CommandStartedEvent) -> None:
        self.count += event.command_name == "getMore"

    def succeeded(self, event: CommandSucceededEvent) -> None:
        pass

    def failed(self, event: CommandFailedEvent) -> None:
        pass


@pytest.fixture
def get_mores() -> GetMores:
    return GetMores()


@pytest.fixture
async def people(
    mongo_server: Any, get_mores: GetMores
) -> AsyncIterator[AsyncCollection[dict[str, Any]]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongo_server.uri, tz_aware=True, event_listeners=[get_mores]
    )
    db = client[f"snapshots_{uuid.uuid4().hex[:8]}"]
    try:
        yield db["people"]
    finally:
        await client.drop_database(db.name)
        await client.close()


async def read_until(rows: Rows, program_id: str, wanted: Any, timeout: float = 15.0) -> None:
    """Read the program (as pages do) until its rows are as wanted."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not wanted(await rows.snapshot(program_id)):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"program {program_id} not read again in {timeout} s")
        await asyncio.sleep(0.05)


async def until_listening(rows: Rows, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not rows.listening:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the change stream did not open in {timeout} s")
        await asyncio.sleep(0.05)


async def test_a_change_made_elsewhere_is_read_and_an_unchanged_program_is_not(
    people: AsyncCollection[dict[str, Any]],
) -> None:
    reads: list[str] = []

    async def load(program_id: str) -> list[dict[str, Any]]:
        reads.append(program_id)
        return await people.find({"program_id": program_id}).to_list()

    # fresh_seconds=0: without the stream every read would start another one behind it.
    rows: Rows = ProgramSnapshots(
        load, lambda doc: str(doc["_id"]), fresh_seconds=0, changes=program_changes(people)
    )
    try:
        await people.insert_many(
            [{"_id": f"{p}|1", "program_id": p, "name": "first"} for p in ("a", "b", "c")]
        )
        for program_id in ("a", "b", "c"):
            await rows.snapshot(program_id)  # the first read starts listening
        # Not read meanwhile: before the stream listens, every read starts another one.
        await until_listening(rows)
        # A snapshot read before the stream listened is read once more on its next use (one
        # read after it opened is not); whether the first reads began before it opened depends
        # on timing, so this waits for those reads instead of counting them.
        for program_id in ("a", "b", "c"):
            await rows.snapshot(program_id)
        await rows.settle()

        # Another instance adds a person to program a and renames one of b's.
        await people.insert_one({"_id": "a|2", "program_id": "a"})
        await people.update_one({"_id": "b|1"}, {"$set": {"name": "renamed"}})
        await read_until(rows, "a", lambda snapshot: snapshot.keys == ["a|1", "a|2"])
        await read_until(rows, "b", lambda snapshot: snapshot.rows[0]["name"] == "renamed")
        await rows.settle()
        settled = reads.count("c")
        for _ in range(20):
            await rows.snapshot("c")
            await asyncio.sleep(0.01)
        await rows.settle()
        assert reads.count("c") == settled  # unchanged: never read again
    finally:
        await rows.close()


async def test_many_writes_cost_a_few_get_mores_and_each_program_is_placed_by_its_key(
    people: AsyncCollection[dict[str, Any]], get_mores: GetMores
) -> None:
    reads: list[str] = []

    async def load(program_id: str) -> list[dict[str, Any]]:
        reads.append(program_id)
        return await people.find({"program_id": program_id}).to_list()

    feed = program_changes(people, program_of_key=program_of_membership, pause_seconds=0.5)
    rows: Rows = ProgramSnapshots(load, lambda doc: str(doc["_id"]), fresh_seconds=0, changes=feed)
    try:
        await people.insert_one({"_id": "a|1", "program_id": "a", "name": "first"})
        await rows.snapshot("a")
        await until_listening(rows)
        await rows.snapshot("a")
        await rows.settle()

        asked = get_mores.count
        writes = 200
        for n in range(writes):  # another instance's joins, one write each, in program b
            await people.insert_one({"_id": f"b|{n}", "program_id": "b"})
        # An update and a delete carry no program_id; the key tells it.
        await people.update_one({"_id": "a|1"}, {"$set": {"name": "renamed"}})
        await read_until(rows, "a", lambda snapshot: snapshot.rows[0]["name"] == "renamed")
        await people.delete_one({"_id": "a|1"})
        await read_until(rows, "a", lambda snapshot: snapshot.keys == [])
        await rows.settle()
        assert get_mores.count - asked < writes / 10
        assert "b" not in reads  # its changes touched only program b, never read here
    finally:
        await rows.close()
