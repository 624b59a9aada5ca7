"""Delivery records in MongoDB: the unique _id is the exactly-once key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import uuid4

from pymongo import ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.notifications.adapters.mongo_collections import DELIVERIES
from services.notifications.adapters.mongo_delivery_documents import (
    finish_update,
    from_document,
    held_item,
    to_document,
)
from services.notifications.adapters.mongo_delivery_reports import backlog_lines, queued_by_channel
from services.notifications.domain.digest import HeldItem
from services.notifications.domain.fairness import in_turns
from services.notifications.domain.model import (
    SENDABLE,
    BacklogLine,
    Channel,
    DeliveryRecord,
    Outcome,
    Priority,
    Status,
)
from shared.events import Event
from shared.storage.mongo import Document, duplicate_key_indexes
from shared.storage.outbox import Outbox

OPEN = [s.value for s in (*SENDABLE, Status.HELD, Status.IN_DIGEST, Status.ASSEMBLING)]


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
            duplicates = {ids[i] for i in duplicate_key_indexes(error)}
            return [i for i in ids if i not in duplicates]
        return ids

    async def get(self, delivery_id: str) -> DeliveryRecord | None:
        doc = await self._deliveries.find_one({"_id": delivery_id})
        return from_document(doc) if doc else None

    async def get_many(self, ids: Sequence[str]) -> list[DeliveryRecord]:
        if not ids:
            return []
        return [from_document(d) async for d in self._deliveries.find({"_id": {"$in": list(ids)}})]

    async def due(self, now: datetime, limit: int, *, high_only: bool = False) -> list[str]:
        """High-priority deliveries first (reminders, invitations), then the rest (unless
        `high_only`); within each, the programs with due deliveries take turns, so one
        program's backlog of thousands leaves room in every claim for another program's few."""
        due = {"status": {"$in": [s.value for s in SENDABLE]}, "not_before": {"$lte": now}}
        ids: list[str] = []
        tiers: list[dict[str, Any]] = [{"priority": Priority.HIGH.value}]
        if not high_only:
            tiers.append({"priority": {"$ne": Priority.HIGH.value}})
        for tier in tiers:
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

    async def claim(
        self, delivery_id: str, now: datetime, *, leased_at: datetime
    ) -> DeliveryRecord | None:
        doc = await self._deliveries.find_one_and_update(
            {
                "_id": delivery_id,
                "status": {"$in": [s.value for s in SENDABLE]},
                "not_before": {"$lte": now},
            },
            {"$set": {"status": Status.SENDING.value, "claimed_at": leased_at}},
            return_document=ReturnDocument.AFTER,
        )
        return from_document(doc) if doc else None

    async def claim_many(
        self, delivery_ids: Sequence[str], now: datetime, *, leased_at: datetime
    ) -> list[DeliveryRecord]:
        # One update claims the lot (each document atomically, so a delivery goes to one
        # claimer only); the token tells this call's claims from a concurrent one's.
        token = uuid4().hex
        await self._deliveries.update_many(
            {
                "_id": {"$in": list(delivery_ids)},
                "status": {"$in": [s.value for s in SENDABLE]},
                "not_before": {"$lte": now},
            },
            {"$set": {"status": Status.SENDING.value, "claimed_at": leased_at, "claim": token}},
        )
        cursor = self._deliveries.find({"_id": {"$in": list(delivery_ids)}, "claim": token})
        return [from_document(doc) async for doc in cursor]

    async def renew_claims(
        self, records: Sequence[DeliveryRecord], leased_at: datetime
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
                    {"$set": {"claimed_at": leased_at, "claim": token}},
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
        update = finish_update(outcome, now)
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
                    finish_update(outcome, now, outbox=outbox, token=token),
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
                    "not_before": record.not_before,
                }
            },
        )
        return result.modified_count == 1

    async def held_due(self, now: datetime, limit: int) -> list[HeldItem]:
        cursor = self._deliveries.find(
            {"status": Status.HELD.value, "not_before": {"$lte": now}},
            {"cause": 0, "_outbox": 0},
        ).limit(limit)
        return [held_item(doc) async for doc in cursor]

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
        return await backlog_lines(self._deliveries, now)

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
        return await queued_by_channel(self._deliveries)
