"""Delivery records in MongoDB: the unique _id is the exactly-once key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from pymongo import ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.notifications.adapters.collections import DELIVERIES
from services.notifications.domain.digest import HeldItem
from services.notifications.domain.fairness import in_turns
from services.notifications.domain.model import (
    SENDABLE,
    Audience,
    BacklogLine,
    Channel,
    DeliveryRecord,
    Outcome,
    Priority,
    SourceRef,
    Status,
)
from shared.events import Event
from shared.storage.mongo import Document
from shared.storage.outbox import Outbox, push_outbox

DUPLICATE_KEY = 11000
OPEN = [s.value for s in (*SENDABLE, Status.HELD, Status.IN_DIGEST, Status.ASSEMBLING)]
QUEUED = [s.value for s in (Status.RETRY, Status.DEFERRED, Status.HELD)]


def to_document(record: DeliveryRecord) -> Document:
    return {
        "_id": record.delivery_id,
        "cause_event_id": str(record.cause_event_id),
        "event_type": record.event_type,
        "program_id": record.program_id,
        "correlation_id": str(record.correlation_id),
        "occurred_at": record.occurred_at,
        "recipient_id": record.recipient_id,
        "audience": record.audience.value,
        "channel": record.channel.value,
        "template": record.template,
        "priority": record.priority.value,
        "status": record.status.value,
        "not_before": record.not_before,
        "created_at": record.created_at,
        "source": {
            "topic": record.source.topic,
            "partition": record.source.partition,
            "offset": record.source.offset,
            "key": record.source.key.decode("utf-8", "replace") if record.source.key else None,
        },
        "cause": record.cause,
        "expires_at": record.expires_at,
        "attempts": record.attempts,
        "resumed": record.resumed,
        "claimed_at": record.claimed_at,
        "digest_date": record.digest_date,
        "item_ids": list(record.item_ids),
    }


def from_document(doc: Document) -> DeliveryRecord:
    source = doc.get("source") or {}
    key = source.get("key")
    return DeliveryRecord(
        delivery_id=doc["_id"],
        cause_event_id=UUID(doc["cause_event_id"]),
        event_type=doc["event_type"],
        program_id=doc["program_id"],
        correlation_id=UUID(doc["correlation_id"]),
        occurred_at=doc["occurred_at"],
        recipient_id=doc["recipient_id"],
        audience=Audience(doc["audience"]),
        channel=Channel(doc["channel"]),
        template=doc["template"],
        priority=Priority(doc["priority"]),
        status=Status(doc["status"]),
        not_before=doc["not_before"],
        created_at=doc["created_at"],
        source=SourceRef(
            topic=source.get("topic", ""),
            partition=int(source.get("partition", -1)),
            offset=int(source.get("offset", -1)),
            key=key.encode("utf-8") if key else None,
        ),
        cause=doc.get("cause"),
        expires_at=doc.get("expires_at"),
        attempts=int(doc.get("attempts", 0)),
        resumed=bool(doc.get("resumed", False)),
        claimed_at=doc.get("claimed_at"),
        digest_date=doc.get("digest_date"),
        item_ids=tuple(doc.get("item_ids") or ()),
    )


def _finish_update(
    outcome: Outcome[Event], now: datetime, *, outbox: bool = True, token: str | None = None
) -> Document:
    update: Document = {
        "$set": {
            "status": outcome.status.value,
            "attempts": outcome.attempts,
            "finished_at": now,
            "last_error": outcome.error_type,
            **({"settled_by": token} if token else {}),
        },
        # The causing event may hold personal data (a ParticipantJoined): keep it only
        # while the delivery can still need it.
        "$unset": {"cause": ""},
    }
    if outbox and outcome.events:
        update.update(push_outbox(outcome.events))
    return update


class MongoDeliveries:
    def __init__(self, db: AsyncDatabase[Document], outbox: Outbox) -> None:
        self._deliveries = db[DELIVERIES]
        self._outbox = outbox

    async def insert_new(self, records: Sequence[DeliveryRecord]) -> list[str]:
        if not records:
            return []
        ids = [r.delivery_id for r in records]
        try:
            await self._deliveries.insert_many([to_document(r) for r in records], ordered=False)
        except BulkWriteError as error:
            errors: list[dict[str, Any]] = error.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            duplicates = {ids[e["index"]] for e in errors}
            return [i for i in ids if i not in duplicates]
        return ids

    async def get(self, delivery_id: str) -> DeliveryRecord | None:
        doc = await self._deliveries.find_one({"_id": delivery_id})
        return from_document(doc) if doc else None

    async def get_many(self, ids: Sequence[str]) -> list[DeliveryRecord]:
        if not ids:
            return []
        return [from_document(d) async for d in self._deliveries.find({"_id": {"$in": list(ids)}})]

    async def due(self, now: datetime, limit: int) -> list[str]:
        """High-priority deliveries first (reminders, invitations), then the rest; within
        each, the programs with due deliveries take turns, so one program's backlog of
        thousands leaves room in every claim for another program's few."""
        due = {"status": {"$in": [s.value for s in SENDABLE]}, "not_before": {"$lte": now}}
        ids: list[str] = []
        for tier in ({"priority": Priority.HIGH.value}, {"priority": {"$ne": Priority.HIGH.value}}):
            room = limit - len(ids)
            if room <= 0:
                break
            query = {**due, **tier}
            lanes: dict[str, list[str]] = {}
            for program in sorted(await self._deliveries.distinct("program_id", query)):
                cursor = self._deliveries.find({**query, "program_id": program}, {"_id": 1})
                lanes[str(program)] = [d["_id"] async for d in cursor.limit(room)]
            ids += in_turns(lanes, room)
        return ids

    async def claim(self, delivery_id: str, now: datetime) -> DeliveryRecord | None:
        doc = await self._deliveries.find_one_and_update(
            {
                "_id": delivery_id,
                "status": {"$in": [s.value for s in SENDABLE]},
                "not_before": {"$lte": now},
            },
            {"$set": {"status": Status.SENDING.value, "claimed_at": now}},
            return_document=ReturnDocument.AFTER,
        )
        return from_document(doc) if doc else None

    async def claim_many(self, delivery_ids: Sequence[str], now: datetime) -> list[DeliveryRecord]:
        # One update claims the lot (each document atomically, so a delivery goes to one
        # claimer only); the token tells this call's claims from a concurrent one's.
        token = uuid4().hex
        await self._deliveries.update_many(
            {
                "_id": {"$in": list(delivery_ids)},
                "status": {"$in": [s.value for s in SENDABLE]},
                "not_before": {"$lte": now},
            },
            {"$set": {"status": Status.SENDING.value, "claimed_at": now, "claim": token}},
        )
        cursor = self._deliveries.find({"_id": {"$in": list(delivery_ids)}, "claim": token})
        return [from_document(doc) async for doc in cursor]

    async def renew_claims(
        self, records: Sequence[DeliveryRecord], now: datetime
    ) -> list[DeliveryRecord]:
        token = uuid4().hex
        await self._deliveries.bulk_write(
            [
                UpdateOne(
                    {
                        "_id": r.delivery_id,
                        "status": Status.SENDING.value,
                        "claimed_at": r.claimed_at,
                    },
                    {"$set": {"claimed_at": now, "claim": token}},
                )
                for r in records
            ],
            ordered=False,
        )
        ids = [r.delivery_id for r in records]
        cursor = self._deliveries.find({"_id": {"$in": ids}, "claim": token})
        return [from_document(doc) async for doc in cursor]

    async def reschedule(
        self,
        delivery_id: str,
        status: Status,
        not_before: datetime,
        *,
        attempts: int,
        error_type: str | None = None,
        digest_date: str | None = None,
    ) -> None:
        fields: Document = {"status": status.value, "not_before": not_before, "attempts": attempts}
        if error_type is not None:
            fields["last_error"] = error_type
        if digest_date is not None:
            fields["digest_date"] = digest_date
        await self._deliveries.update_one(
            {"_id": delivery_id, "status": Status.SENDING.value}, {"$set": fields}
        )

    async def finish(self, record: DeliveryRecord, outcome: Outcome[Event], now: datetime) -> None:
        update = _finish_update(outcome, now)
        result = await self._deliveries.update_one(
            {"_id": record.delivery_id, "status": Status.SENDING.value}, update
        )
        if result.modified_count and outcome.events:
            await self._outbox.flush(self._deliveries, record.delivery_id, outcome.events)

    async def finish_many(
        self,
        finished: Sequence[tuple[DeliveryRecord, Outcome[Event]]],
        now: datetime,
        *,
        outbox: bool,
    ) -> set[str]:
        if not finished:
            return set()
        token = uuid4().hex
        result = await self._deliveries.bulk_write(
            [
                UpdateOne(
                    {"_id": record.delivery_id, "status": Status.SENDING.value},
                    _finish_update(outcome, now, outbox=outbox, token=token),
                )
                for record, outcome in finished
            ],
            ordered=False,
        )
        ids = [record.delivery_id for record, _ in finished]
        if result.modified_count == len(ids):
            return set(ids)
        # Some were settled by someone else meanwhile (crash recovery): ours carry our token.
        return {
            doc["_id"]
            async for doc in self._deliveries.find(
                {"_id": {"$in": ids}, "settled_by": token}, {"_id": 1}
            )
        }

    async def publish(self, events: Sequence[Event]) -> None:
        await self._outbox.publish(events)

    async def stuck(self, claimed_before: datetime, limit: int) -> list[DeliveryRecord]:
        cursor = self._deliveries.find(
            {"status": Status.SENDING.value, "claimed_at": {"$lte": claimed_before}}
        ).limit(limit)
        return [from_document(doc) async for doc in cursor]

    async def release(self, record: DeliveryRecord, *, attempts: int) -> bool:
        result = await self._deliveries.update_one(
            {
                "_id": record.delivery_id,
                "status": Status.SENDING.value,
                "claimed_at": record.claimed_at,
            },
            {
                "$set": {
                    "status": Status.RETRY.value,
                    "resumed": True,
                    "attempts": attempts,
                    "not_before": record.claimed_at or record.not_before,
                }
            },
        )
        return result.modified_count == 1

    async def held_due(self, now: datetime, limit: int) -> list[HeldItem]:
        cursor = self._deliveries.find(
            {"status": Status.HELD.value, "not_before": {"$lte": now}},
            {"cause": 0, "_outbox": 0},
        ).limit(limit)
        return [
            HeldItem(
                delivery_id=doc["_id"],
                recipient_id=doc["recipient_id"],
                program_id=doc["program_id"],
                template=doc["template"],
                created_at=doc["created_at"],
                digest_date=doc.get("digest_date") or doc["not_before"].date().isoformat(),
                audience=doc["audience"],
            )
            async for doc in cursor
        ]

    async def open_digest(self, record: DeliveryRecord) -> DeliveryRecord:
        added = await self._deliveries.find_one_and_update(
            {"_id": record.delivery_id, "status": Status.ASSEMBLING.value},
            {"$addToSet": {"item_ids": {"$each": list(record.item_ids)}}},
            return_document=ReturnDocument.AFTER,
        )
        if added is not None:
            return from_document(added)
        try:
            await self._deliveries.insert_one(to_document(record))
        except DuplicateKeyError:
            existing = await self._deliveries.find_one({"_id": record.delivery_id})
            if existing is not None:
                return from_document(existing)
            raise
        return record

    async def mark_in_digest(self, item_ids: Sequence[str], digest_id: str) -> None:
        await self._deliveries.update_many(
            {"_id": {"$in": list(item_ids)}, "status": Status.HELD.value},
            {"$set": {"status": Status.IN_DIGEST.value, "digest_id": digest_id}},
        )

    async def seal_digest(self, digest_id: str) -> None:
        await self._deliveries.update_one(
            {"_id": digest_id, "status": Status.ASSEMBLING.value},
            {"$set": {"status": Status.PENDING.value}},
        )

    async def rehold(self, item_ids: Sequence[str], not_before: datetime, digest_date: str) -> None:
        await self._deliveries.update_many(
            {"_id": {"$in": list(item_ids)}, "status": Status.HELD.value},
            {"$set": {"not_before": not_before, "digest_date": digest_date}},
        )

    async def finish_items(self, digest_id: str, status: Status, now: datetime) -> None:
        await self._deliveries.update_many(
            {"digest_id": digest_id, "status": Status.IN_DIGEST.value},
            {"$set": {"status": status.value, "finished_at": now}, "$unset": {"cause": ""}},
        )

    async def cancel_for_recipient(self, recipient_id: str, now: datetime) -> int:
        result = await self._deliveries.update_many(
            {"recipient_id": recipient_id, "status": {"$in": OPEN}},
            {
                "$set": {"status": Status.CANCELLED.value, "finished_at": now},
                "$unset": {"cause": ""},
            },
        )
        return result.modified_count

    async def backlog(self, now: datetime) -> list[BacklogLine]:
        waiting = [*(s.value for s in SENDABLE), Status.SENDING.value]
        pipeline: list[Document] = [
            {"$match": {"status": {"$in": waiting}, "not_before": {"$lte": now}}},
            {
                "$group": {
                    "_id": {"program": "$program_id", "priority": "$priority"},
                    "n": {"$sum": 1},
                    "oldest": {"$min": "$not_before"},
                }
            },
        ]
        return [
            BacklogLine(
                program_id=str(row["_id"]["program"]),
                priority=str(row["_id"]["priority"]),
                count=int(row["n"]),
                oldest_due=row["oldest"],
            )
            async for row in await self._deliveries.aggregate(pipeline)
        ]

    async def emails_sent_since(self, recipient_id: str, since: datetime) -> int:
        return await self._deliveries.count_documents(
            {
                "recipient_id": recipient_id,
                "status": Status.SENT.value,
                "channel": Channel.EMAIL.value,
                "finished_at": {"$gte": since},
            }
        )

    async def queue_sizes(self, now: datetime) -> dict[tuple[str, str], int]:
        sizes = {(c.value, s): 0 for c in Channel for s in QUEUED}
        pipeline: list[Document] = [
            {"$match": {"status": {"$in": QUEUED}}},
            {"$group": {"_id": {"channel": "$channel", "status": "$status"}, "n": {"$sum": 1}}},
        ]
        async for row in await self._deliveries.aggregate(pipeline):
            sizes[(row["_id"]["channel"], row["_id"]["status"])] = int(row["n"])
        return sizes
