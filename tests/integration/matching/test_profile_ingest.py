"""Matching keeps the profiles on the participants topic a batch at a time, on the real
database: the result is what one event at a time would leave, and a batch of profiles already
stored (the service's own joins coming back) costs one read and no write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.monitoring import CommandListener, CommandStartedEvent

from services.matching.adapters.mongo_matching import MongoMatchingStore
from shared.storage.mongo import Document
from shared.storage.outbox import Outbox

pytestmark = pytest.mark.integration

JOINED_AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class NoEvents:
    async def publish_many(self, events: Any) -> None:
        assert not events


class Commands(CommandListener):
    """The commands the client sent, by name."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def started(self, event: CommandStartedEvent) -> None:
        self.names.append(event.command_name)

    def succeeded(self, event: Any) -> None:
        pass

    def failed(self, event: Any) -> None:
        pass


def doc(pid: str, version: int, *, status: str = "active", title: str = "") -> Document:
    return {
        "_id": f"emea:{pid}",
        "program_id": "emea",
        "participant_id": pid,
        "role": "junior",
        "status": status,
        "profile_version": version,
        "profile": {"participant_id": pid, "title": title or f"v{version}"},
        "joined_at": JOINED_AT,
    }


async def test_a_batch_leaves_what_one_event_at_a_time_would(env: dict[str, Any]) -> None:
    commands = Commands()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        env["settings"].mongo_uri.get_secret_value(),
        tz_aware=True,
        event_listeners=[commands],
    )
    try:
        db = client[env["settings"].database_name]
        store = MongoMatchingStore(db, Outbox(NoEvents()))  # type: ignore[arg-type]
        await db["participants"].insert_many(
            [doc("a", 2), doc("b", 1), doc("c", 1, status="withdrawn")]
        )
        commands.names.clear()
        await store.ingest_profiles(
            [
                doc("a", 1),  # older than stored: ignored
                doc("b", 3),
                doc("b", 2),  # older than the batch's own v3: v3 stays
                doc("c", 5),  # withdrawn: left as it is
                doc("d", 1),
                doc("d", 2),  # unknown: recorded at its newest
                doc("a", 2, title="same version"),  # stored already: no change
            ]
        )
        sent = list(commands.names)
        found = {
            d["participant_id"]: (d["status"], d["profile_version"], d["profile"]["title"])
            async for d in db["participants"].find({})
        }
        assert found == {
            "a": ("active", 2, "v2"),
            "b": ("active", 3, "v3"),
            "c": ("withdrawn", 1, "v1"),
            "d": ("active", 2, "v2"),
        }
        assert sent == ["find", "update"]  # one read, one bulk write

        commands.names.clear()
        await store.ingest_profiles([doc("a", 2), doc("b", 3), doc("d", 1)])
        assert commands.names == ["find"]
    finally:
        await client.close()
