"""Sessions as feedback knows them in MongoDB: their last status, and completions whose
feedback request waits for the pair to be known."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pymongo import DESCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.feedback.adapters.mongo_collections import SESSIONS
from services.feedback.domain.pairs import SessionRecord
from services.feedback.domain.requests import HeldCompletion, HeldSession
from shared.storage.mongo import Document, duplicate_key_indexes

_FINAL = ["completed", "missed"]


class MongoSessionStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._sessions = db[SESSIONS]

    async def record(self, session: SessionRecord) -> None:
        fields = _fields(session)
        if session.decided:
            await self._sessions.update_one(
                {"_id": session.session_id}, {"$set": fields}, upsert=True
            )
            return
        # A late "scheduled" or "cancelled" never undoes a session that was held or missed.
        with contextlib.suppress(DuplicateKeyError):
            await self._sessions.update_one(
                {"_id": session.session_id, "status": {"$nin": _FINAL}},
                {"$set": fields},
                upsert=True,
            )

    async def record_many(self, sessions: Sequence[SessionRecord]) -> None:
        """`record` for many sessions (one record each) in one unordered bulk write; an upsert
        that meets a held or missed session finds its id taken and changes nothing."""
        if not sessions:
            return
        operations = [
            UpdateOne(
                {"_id": s.session_id}
                if s.decided
                else {"_id": s.session_id, "status": {"$nin": _FINAL}},
                {"$set": _fields(s)},
                upsert=True,
            )
            for s in sessions
        ]
        try:
            await self._sessions.bulk_write(operations, ordered=False)
        except BulkWriteError as error:
            duplicate_key_indexes(error)

    async def hold_feedback(self, held: HeldCompletion) -> None:
        session = held.session
        await self._sessions.update_one(
            {"_id": session.session_id},
            {
                "$set": {
                    "feedback_held": {
                        "junior_id": session.junior_id,
                        "senior_id": session.senior_id,
                        "completed_at": session.completed_at,
                        "correlation_id": str(held.correlation_id),
                        "cause_id": str(held.cause_id),
                    }
                },
                "$setOnInsert": {
                    "pair_id": session.pair_id,
                    "program_id": session.program_id,
                    "start": session.start,
                    "status": "completed",
                    "attended_junior": session.attended_junior,
                    "attended_senior": session.attended_senior,
                },
            },
            upsert=True,
        )

    async def held_feedback(self, pair_id: str) -> list[HeldCompletion]:
        cursor = self._sessions.find({"pair_id": pair_id, "feedback_held": {"$exists": True}})
        return [
            HeldCompletion(
                session=HeldSession(
                    session_id=doc["_id"],
                    pair_id=doc["pair_id"],
                    program_id=doc["program_id"],
                    junior_id=doc["feedback_held"]["junior_id"],
                    senior_id=doc["feedback_held"]["senior_id"],
                    start=doc["start"],
                    completed_at=doc["feedback_held"]["completed_at"],
                    attended_junior=doc.get("attended_junior", True),
                    attended_senior=doc.get("attended_senior", True),
                ),
                correlation_id=UUID(doc["feedback_held"]["correlation_id"]),
                cause_id=UUID(doc["feedback_held"]["cause_id"]),
            )
            async for doc in cursor
        ]

    async def release_feedback(self, session_id: str) -> None:
        await self._sessions.update_one({"_id": session_id}, {"$unset": {"feedback_held": ""}})

    async def recent_decided(self, pair_id: str, limit: int) -> list[SessionRecord]:
        cursor = (
            self._sessions.find({"pair_id": pair_id, "status": {"$in": _FINAL}})
            .sort("start", DESCENDING)
            .limit(limit)
        )
        return [
            SessionRecord(
                session_id=doc["_id"],
                pair_id=doc["pair_id"],
                program_id=doc["program_id"],
                start=doc["start"],
                status=doc["status"],
                attended_junior=doc.get("attended_junior", True),
                attended_senior=doc.get("attended_senior", True),
            )
            async for doc in cursor
        ]

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        pipeline: list[Document] = [
            {"$match": {"program_id": {"$in": list(program_ids)}, "status": {"$in": _FINAL}}},
            {"$group": {"_id": {"program": "$program_id", "status": "$status"}, "n": {"$sum": 1}}},
        ]
        found: dict[str, list[int]] = {}
        async for doc in await self._sessions.aggregate(pipeline):
            entry = found.setdefault(doc["_id"]["program"], [0, 0])
            entry[0 if doc["_id"]["status"] == "completed" else 1] = int(doc["n"])
        return {program: (held, missed) for program, (held, missed) in found.items()}


def _fields(session: SessionRecord) -> dict[str, Any]:
    return {
        "pair_id": session.pair_id,
        "program_id": session.program_id,
        "start": session.start,
        "status": session.status,
        "attended_junior": session.attended_junior,
        "attended_senior": session.attended_senior,
    }
