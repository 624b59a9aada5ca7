"""Durable timers in their own collection, claimed with one atomic find-and-modify.

Status flow: pending -> firing (claimed, with an owner and a real-time lease) -> fired | stale.
A timer left in "firing" by an instance that died is claimable again once its lease expires.
Armed timers the series no longer wants become "cancelled"; "skipped" marks a reminder whose
due time had passed before it could be armed. One document per (session, kind): its _id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel, ReturnDocument, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from services.scheduling.domain.timers import (
    DueTimer,
    TimerKind,
    TimerOutcome,
    TimerSpec,
    fair_pick,
    worth_arming,
)
from shared.storage.mongo import CollectionSpec, Document, duplicate_key_indexes

DUE_LOOK_AHEAD = 5
"""The due scan looks at this many times its batch to pick the batch fairly."""

TIMERS = "timers"

TIMERS_SPEC = CollectionSpec(
    TIMERS,
    [
        IndexModel([("status", ASCENDING), ("due_at", ASCENDING)], name="due"),
        IndexModel([("status", ASCENDING), ("lease_expires_at", ASCENDING)], name="abandoned"),
        IndexModel([("pair_id", ASCENDING)], name="by_pair"),
    ],
)

_FINAL = {TimerOutcome.SENT: "fired", TimerOutcome.STALE: "stale"}


def _claimable(now: datetime, lease_now: datetime) -> list[dict[str, Any]]:
    return [
        {"status": "pending", "due_at": {"$lte": now}},
        {"status": "firing", "lease_expires_at": {"$lte": lease_now}},
    ]


class MongoTimerStore:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._timers = collection

    async def sync(
        self, pair_id: str, specs: Sequence[TimerSpec], now: datetime, *, fresh: bool = False
    ) -> None:
        if fresh and await self._insert_fresh(specs, now):
            return
        existing = {d["_id"]: d async for d in self._timers.find({"pair_id": pair_id})}
        wanted = {spec.timer_id for spec in specs}
        operations: list[UpdateOne] = []
        for spec in specs:
            fields = _spec_fields(spec)
            status = "pending" if worth_arming(spec, now) else "skipped"
            doc = existing.get(spec.timer_id)
            if doc is None:
                if status == "pending":
                    operations.append(
                        UpdateOne(
                            {"_id": spec.timer_id},
                            {"$setOnInsert": {**fields, "status": status, "armed_at": now}},
                            upsert=True,
                        )
                    )
            elif _differs(doc, fields) or doc["status"] == "cancelled":
                # Re-armed for the session's new time; an instance still firing the old
                # version loses its claim and finds the session moved.
                operations.append(
                    UpdateOne(
                        {"_id": spec.timer_id, "due_at": doc["due_at"], "status": doc["status"]},
                        {
                            "$set": {**fields, "status": status, "armed_at": now},
                            "$unset": {"owner": "", "lease_expires_at": ""},
                        },
                    )
                )
        for timer_id, doc in existing.items():
            if timer_id not in wanted and doc["status"] == "pending":
                operations.append(
                    UpdateOne(
                        {"_id": timer_id, "status": "pending"},
                        {"$set": {"status": "cancelled", "cancelled_at": now}},
                    )
                )
        if operations:
            await self._timers.bulk_write(operations, ordered=False)

    async def _insert_fresh(self, specs: Sequence[TimerSpec], now: datetime) -> bool:
        """A series planned for the first time has no timers yet: plain inserts, no reads.
        False if some exist after all (a replay), for the full comparison to settle."""
        docs = [
            {"_id": spec.timer_id, **_spec_fields(spec), "status": "pending", "armed_at": now}
            for spec in specs
            if worth_arming(spec, now)
        ]
        if not docs:
            return True
        try:
            await self._timers.insert_many(docs, ordered=False)
        except BulkWriteError as error:
            duplicate_key_indexes(error)
            return False
        return True

    async def insert_fresh_many(self, specs: Sequence[TimerSpec], now: datetime) -> set[str]:
        """The timers of many series planned for the first time, in one unordered insert; the
        pairs with a timer already there (a replay) are returned for a full sync."""
        docs = [
            {"_id": spec.timer_id, **_spec_fields(spec), "status": "pending", "armed_at": now}
            for spec in specs
            if worth_arming(spec, now)
        ]
        if not docs:
            return set()
        try:
            await self._timers.insert_many(docs, ordered=False)
        except BulkWriteError as error:
            return {str(docs[i]["pair_id"]) for i in duplicate_key_indexes(error)}
        return set()

    async def due(self, now: datetime, lease_now: datetime, limit: int) -> list[str]:
        """Up to `limit` claimable timers, picked fairly (`fair_pick`) from a wider look at
        what is due: the index walks due times oldest first, so a program's timer falling due
        just now would otherwise wait behind every older one of a large program."""
        candidates: list[DueTimer] = []
        for query in _claimable(now, lease_now):
            cursor = self._timers.find(query, {"_id": 1, "program_id": 1, "kind": 1})
            candidates.extend(
                [
                    (str(doc["_id"]), str(doc.get("program_id", "")), str(doc.get("kind", "")))
                    async for doc in cursor.limit(limit * DUE_LOOK_AHEAD)
                ]
            )
        return fair_pick(candidates, limit)

    async def claim(
        self,
        timer_id: str,
        *,
        now: datetime,
        lease_now: datetime,
        owner: str,
        lease_until: datetime,
    ) -> TimerSpec | None:
        doc = await self._timers.find_one_and_update(
            {"_id": timer_id, "$or": _claimable(now, lease_now)},
            {
                "$set": {
                    "status": "firing",
                    "owner": owner,
                    "lease_expires_at": lease_until,
                    "claimed_at": now,
                },
                "$inc": {"attempts": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        return _spec_from_document(doc) if doc is not None else None

    async def finish(
        self, timer_id: str, *, owner: str, outcome: TimerOutcome, now: datetime
    ) -> None:
        await self._timers.update_one(
            {"_id": timer_id, "status": "firing", "owner": owner},
            {
                "$set": {"status": _FINAL[outcome], "finished_at": now},
                "$unset": {"lease_expires_at": ""},
            },
        )


def _spec_fields(spec: TimerSpec) -> Document:
    return {
        "kind": spec.kind.value,
        "pair_id": spec.pair_id,
        "program_id": spec.program_id,
        "due_at": spec.due_at,
        "session_id": spec.session_id,
        "session_start": spec.session_start,
        "minutes_before": spec.minutes_before,
        "stale_after": spec.stale_after,
    }


def _differs(doc: Document, fields: Document) -> bool:
    return any(doc.get(name) != value for name, value in fields.items())


def _spec_from_document(doc: Document) -> TimerSpec:
    return TimerSpec(
        timer_id=doc["_id"],
        kind=TimerKind(doc["kind"]),
        pair_id=doc["pair_id"],
        program_id=doc["program_id"],
        due_at=doc["due_at"],
        session_id=doc.get("session_id"),
        session_start=doc.get("session_start"),
        minutes_before=doc.get("minutes_before"),
        stale_after=doc.get("stale_after"),
    )
