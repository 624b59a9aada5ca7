"""Pairs, with their health, in MongoDB (sessions: `mongo_sessions`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.feedback.adapters.mongo_collections import PAIRS
from services.feedback.domain.health import HealthState
from services.feedback.domain.pairs import Pair, PairHealth
from shared.events import Event
from shared.storage.mongo import Document, duplicate_key_indexes
from shared.storage.outbox import Outbox, push_outbox


def _health_doc(health: PairHealth) -> Document:
    return {
        "at_risk": health.state.at_risk,
        "episode": health.state.episode,
        "score": health.score,
        "reasons": list(health.reasons),
        "components": dict(health.components),
        "evaluated_at": health.evaluated_at,
    }


def _pair(doc: Document) -> Pair:
    health = doc.get("health") or {}
    return Pair(
        pair_id=doc["_id"],
        program_id=doc["program_id"],
        junior_id=doc["junior_id"],
        senior_id=doc["senior_id"],
        status=doc.get("status", "active"),
        paired_at=doc.get("paired_at"),
        last_session_at=doc.get("last_session_at"),
        health=PairHealth(
            state=HealthState(
                at_risk=bool(health.get("at_risk", False)), episode=int(health.get("episode", 0))
            ),
            score=health.get("score"),
            reasons=tuple(health.get("reasons", ())),
            components=tuple(sorted((health.get("components") or {}).items())),
            evaluated_at=health.get("evaluated_at"),
        ),
        version=int(doc.get("version", 0)),
    )


class MongoPairStore:
    def __init__(self, db: AsyncDatabase[Document], outbox: Outbox) -> None:
        self._pairs = db[PAIRS]
        self._outbox = outbox

    async def _upsert(self, pair_id: str, update: Document) -> None:
        # Two first events for one pair (from two topics) may race to insert it; the loser's
        # update then applies to the winner's document.
        try:
            await self._pairs.update_one({"_id": pair_id}, update, upsert=True)
        except DuplicateKeyError:
            await self._pairs.update_one({"_id": pair_id}, update, upsert=True)

    def _on_insert(self, pair: Pair) -> Document:
        return {
            "program_id": pair.program_id,
            "junior_id": pair.junior_id,
            "senior_id": pair.senior_id,
            "version": 0,
            "health": _health_doc(PairHealth()),
        }

    async def record_created(
        self, pair: Pair, *, correlation_id: str, next_check: datetime
    ) -> None:
        insert = self._on_insert(pair)
        for known in ("program_id", "junior_id", "senior_id"):
            insert.pop(known)
        await self._upsert(
            pair.pair_id,
            {
                "$set": {
                    "program_id": pair.program_id,
                    "junior_id": pair.junior_id,
                    "senior_id": pair.senior_id,
                    "paired_at": pair.paired_at,
                    "correlation_id": correlation_id,
                },
                "$setOnInsert": {**insert, "status": "active", "health_check_at": next_check},
            },
        )

    async def record_ended(self, pair: Pair, *, ended_at: datetime) -> None:
        await self._upsert(
            pair.pair_id,
            {
                "$set": {"status": "ended", "ended_at": ended_at},
                "$unset": {"health_check_at": ""},
                "$setOnInsert": self._on_insert(pair),
            },
        )

    async def note_session(
        self, pair: Pair, *, held_at: datetime | None, correlation_id: str, next_check: datetime
    ) -> None:
        update: Document = {
            "$setOnInsert": {
                **self._on_insert(pair),
                "status": "active",
                "correlation_id": correlation_id,
                "health_check_at": next_check,
            }
        }
        if held_at is not None:
            update["$max"] = {"last_session_at": held_at}
        await self._upsert(pair.pair_id, update)

    async def note_pairs(self, pairs: Sequence[tuple[Pair, str]], *, next_check: datetime) -> None:
        """`note_session` without a held session, for many pairs in one unordered bulk write.
        Its update only sets fields on insert, so an upsert that lost a race to insert the
        pair (its id taken meanwhile) has nothing left to do."""
        if not pairs:
            return
        operations = [
            UpdateOne(
                {"_id": pair.pair_id},
                {
                    "$setOnInsert": {
                        **self._on_insert(pair),
                        "status": "active",
                        "correlation_id": correlation_id,
                        "health_check_at": next_check,
                    }
                },
                upsert=True,
            )
            for pair, correlation_id in pairs
        ]
        try:
            await self._pairs.bulk_write(operations, ordered=False)
        except BulkWriteError as error:
            duplicate_key_indexes(error)

    async def get(self, pair_id: str) -> Pair | None:
        doc = await self._pairs.find_one({"_id": pair_id}, {"_outbox": 0})
        return _pair(doc) if doc is not None else None

    async def correlation_of(self, pair_id: str) -> str | None:
        doc = await self._pairs.find_one({"_id": pair_id}, {"correlation_id": 1})
        return doc.get("correlation_id") if doc is not None else None

    async def save_health(
        self, pair: Pair, health: PairHealth, events: Sequence[Event], *, next_check: datetime
    ) -> bool:
        update: Document = {
            "$set": {"health": _health_doc(health), "health_check_at": next_check},
            "$inc": {"version": 1},
        }
        if events:
            update.update(push_outbox(events))
        result = await self._pairs.update_one(
            {"_id": pair.pair_id, "version": pair.version, "status": "active"}, update
        )
        if result.matched_count == 0:
            return False
        await self._outbox.flush(self._pairs, pair.pair_id, events)
        return True

    async def due_checks(self, now: datetime, limit: int) -> list[str]:
        cursor = self._pairs.find({"health_check_at": {"$lte": now}}, {"_id": 1}).limit(limit)
        return [doc["_id"] async for doc in cursor]

    async def claim_check(self, pair_id: str, *, now: datetime, next_check: datetime) -> bool:
        result = await self._pairs.update_one(
            {"_id": pair_id, "health_check_at": {"$lte": now}},
            {"$set": {"health_check_at": next_check}},
        )
        return result.modified_count == 1

    async def list_health(self, program_id: str, *, at_risk_only: bool, limit: int) -> list[Pair]:
        query: Document = {"program_id": program_id, "status": "active"}
        if at_risk_only:
            query["health.at_risk"] = True
        cursor = self._pairs.find(query, {"_outbox": 0}).limit(limit)
        return [_pair(doc) async for doc in cursor]

    async def at_risk_by_program(self) -> dict[str, int]:
        pipeline: list[Document] = [
            {"$match": {"health.at_risk": True, "status": "active"}},
            {"$group": {"_id": "$program_id", "n": {"$sum": 1}}},
        ]
        return {doc["_id"]: int(doc["n"]) async for doc in await self._pairs.aggregate(pipeline)}

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        pipeline: list[Document] = [
            {"$match": {"program_id": {"$in": list(program_ids)}, "status": "active"}},
            {
                "$group": {
                    "_id": "$program_id",
                    "active": {"$sum": 1},
                    "at_risk": {"$sum": {"$cond": [{"$eq": ["$health.at_risk", True]}, 1, 0]}},
                }
            },
        ]
        return {
            doc["_id"]: (int(doc["active"]), int(doc["at_risk"]))
            async for doc in await self._pairs.aggregate(pipeline)
        }

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        for role in ("junior_id", "senior_id"):
            await self._pairs.update_many({role: participant_id}, {"$set": {role: token}})
