"""A collection's changes as the programs they touch, from a MongoDB change stream: the feed
that tells `shared.storage.snapshots.ProgramSnapshots` which program to read again, whichever
instance or consumer made the change (see there for why).

The stream is read in batches. A change stream's getMore answers as soon as there is a change
(SecantusDB's as soon as anything at all is written, with nothing for the stream), so a stream
read as fast as it answers costs a round trip per write: on the local SecantusDB, one to two
getMore calls per participant join, half of matching's ingest rate. The feed starts its getMore
calls `pause_seconds` apart at least, so one takes in everything written meanwhile, whatever the
pace of the writes; while nothing is written the server holds each for up to `wait_seconds`
and answers the first change at once. A change is thus known about `pause_seconds` later at
most, plus a round trip.

The cursor is driven with the server's own `aggregate` / `getMore` / `killCursors` commands,
in one explicit session (a cursor answers only in the session that opened it): PyMongo's change
stream has no public way to tell whether its next read goes to the server. Nothing is resumed
after an error: the feed raises, and the snapshots open a new one, which marks every snapshot
as possibly out of date (changes made while nobody listened are unknown).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from bson import Int64
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import PyMongoError

from shared.storage.mongo import Document
from shared.storage.snapshots import ChangeFeed

WRITES = ["insert", "update", "replace", "delete"]
ProgramOfKey = Callable[[Any], str | None]


def program_changes(
    collection: AsyncCollection[Document],
    *,
    program_of_key: ProgramOfKey | None = None,
    pause_seconds: float = 1.0,
    wait_seconds: float = 5.0,
    batch_size: int = 10_000,
) -> ChangeFeed:
    """The `program_id` of every document written, or None for one it cannot place.

    With `program_of_key` (a document `_id` -> its program, for ids that carry the program)
    only the document key travels. Without it the server looks every updated document up
    (`fullDocument: "updateLookup"`) to read its `program_id`; a deleted one is gone before it
    could be, and gives None. Either way the stream projects the rest away.
    """
    if program_of_key is not None:
        stage: Document = {}
        projection: Document = {"documentKey._id": 1}

        def program_of(change: Document) -> str | None:
            return program_of_key((change.get("documentKey") or {}).get("_id"))

    else:
        stage = {"fullDocument": "updateLookup"}
        projection = {"fullDocument.program_id": 1}

        def program_of(change: Document) -> str | None:
            program_id = (change.get("fullDocument") or {}).get("program_id")
            return None if program_id is None else str(program_id)

    pipeline: list[Document] = [
        {"$changeStream": stage},
        {"$match": {"operationType": {"$in": WRITES}}},
        {"$project": projection},
    ]
    db, name = collection.database, collection.name
    wait_ms = max(1, int(wait_seconds * 1000))

    async def feed(opened: Callable[[], None]) -> AsyncIterator[str | None]:
        clock = asyncio.get_running_loop().time
        async with db.client.start_session(causal_consistency=False) as session:
            reply = await db.command(
                "aggregate", name, pipeline=pipeline, cursor={"batchSize": 0}, session=session
            )
            cursor_id, batch = Int64(reply["cursor"]["id"]), reply["cursor"]["firstBatch"]
            asked = float("-inf")
            try:
                opened()
                while True:
                    for change in batch:
                        yield program_of(change)
                    if cursor_id == 0:
                        return  # the server ended the stream (the collection was dropped)
                    # Let the next changes gather (an empty answer may be a prompt one too).
                    await asyncio.sleep(max(0.0, asked + pause_seconds - clock()))
                    asked = clock()
                    reply = await db.command(
                        "getMore",
                        cursor_id,
                        collection=name,
                        batchSize=batch_size,
                        maxTimeMS=wait_ms,
                        session=session,
                    )
                    cursor_id, batch = Int64(reply["cursor"]["id"]), reply["cursor"]["nextBatch"]
            finally:
                if cursor_id != 0:
                    # Closing, cancelled or failed: the server need not keep the cursor
                    # until it times out. A failure here changes nothing for the caller.
                    with contextlib.suppress(PyMongoError):
                        await db.command("killCursors", name, cursors=[cursor_id], session=session)

    return feed
