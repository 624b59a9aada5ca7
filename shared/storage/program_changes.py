"""A collection's changes as the programs they touch, from a MongoDB change stream: the feed
that tells `shared.storage.snapshots.ProgramSnapshots` which program to read again, whichever
instance or consumer made the change (see there for why)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from pymongo.asynchronous.collection import AsyncCollection

from shared.storage.mongo import Document
from shared.storage.snapshots import ChangeFeed

WRITES = ["insert", "update", "replace", "delete"]


def program_changes(collection: AsyncCollection[Document]) -> ChangeFeed:
    """The `program_id` of every document written, or None for a deleted one (gone before it
    could be looked up). Only the program id travels: the stream projects the rest away."""

    async def feed(opened: Callable[[], None]) -> AsyncIterator[str | None]:
        pipeline: list[Document] = [
            {"$match": {"operationType": {"$in": WRITES}}},
            {"$project": {"operationType": 1, "fullDocument.program_id": 1}},
        ]
        async with await collection.watch(pipeline, full_document="updateLookup") as stream:
            opened()
            async for change in stream:
                program_id = (change.get("fullDocument") or {}).get("program_id")
                yield None if program_id is None else str(program_id)

    return feed
