"""Sessions and pairs recorded in bulk on the real database: a held session is never undone,
a pair already known keeps what it had, and what a single write would do is what the bulk
write does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.mongo_collections import PAIRS, SESSIONS
from services.feedback.adapters.mongo_pairs import MongoPairStore
from services.feedback.adapters.mongo_sessions import MongoSessionStore
from services.feedback.domain.pairs import Pair, SessionRecord
from shared.messaging.publisher import RecordingPublisher
from shared.storage.outbox import Outbox

pytestmark = pytest.mark.integration

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def session(number: int, status: str, pair_id: str = "pair-1") -> SessionRecord:
    return SessionRecord(
        session_id=f"{pair_id}-s-{number}",
        pair_id=pair_id,
        program_id="prog-b",
        start=START + timedelta(days=14 * number),
        status=status,  # type: ignore[arg-type]
    )


async def test_bulk_records_write_new_sessions_and_leave_held_ones_alone(
    db: AsyncDatabase[Any],
) -> None:
    sessions = MongoSessionStore(db)
    await sessions.record(session(0, "completed"))
    await sessions.record(session(1, "scheduled"))

    await sessions.record_many(
        [session(0, "scheduled"), session(1, "cancelled"), session(2, "scheduled")]
    )

    stored = {d["_id"]: d["status"] async for d in db[SESSIONS].find({}, {"status": 1})}
    assert stored == {
        "pair-1-s-0": "completed",
        "pair-1-s-1": "cancelled",
        "pair-1-s-2": "scheduled",
    }


async def test_bulk_pair_notes_insert_unknown_pairs_once_and_keep_known_ones(
    db: AsyncDatabase[Any],
) -> None:
    pairs = MongoPairStore(db, Outbox(RecordingPublisher()))
    known = Pair("pair-1", "prog-b", "j-1", "s-1", paired_at=START)
    await pairs.record_created(known, correlation_id="created", next_check=START)
    check = START + timedelta(hours=6)

    await pairs.note_pairs(
        [
            (Pair("pair-1", "prog-b", "j-1", "s-1"), "from-session"),
            (Pair("pair-2", "prog-b", "j-2", "s-2"), "from-session"),
        ],
        next_check=check,
    )
    await pairs.note_pairs([(Pair("pair-2", "prog-b", "j-2", "s-2"), "replayed")], next_check=START)

    docs = {d["_id"]: d async for d in db[PAIRS].find({})}
    assert set(docs) == {"pair-1", "pair-2"}
    assert docs["pair-1"]["correlation_id"] == "created"
    assert (docs["pair-2"]["correlation_id"], docs["pair-2"]["status"]) == (
        "from-session",
        "active",
    )
    assert docs["pair-2"]["health_check_at"] == check
    first = await pairs.get("pair-1")
    assert first is not None
    assert first.paired_at == START
