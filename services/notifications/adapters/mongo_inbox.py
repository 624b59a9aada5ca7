"""The in-app inbox in MongoDB; an item's id is its delivery id, so adding twice is a no-op."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.notifications.adapters.mongo_collections import INBOX
from services.notifications.domain.model import InboxItem
from shared.storage.mongo import Document


def item_from_document(doc: Document) -> InboxItem:
    return InboxItem(
        item_id=doc["_id"],
        recipient_id=doc["recipient_id"],
        program_id=doc["program_id"],
        template=doc["template"],
        locale=doc["locale"],
        subject=doc["subject"],
        body=doc["body"],
        created_at=doc["created_at"],
        read_at=doc.get("read_at"),
        mentions=tuple(doc.get("mentions") or ()),
    )


class MongoInbox:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._inbox = db[INBOX]

    async def add(self, item: InboxItem) -> None:
        doc: Document = {
            "recipient_id": item.recipient_id,
            "program_id": item.program_id,
            "template": item.template,
            "locale": item.locale,
            "subject": item.subject,
            "body": item.body,
            "created_at": item.created_at,
            "read_at": item.read_at,
        }
        if item.mentions:
            doc["mentions"] = list(item.mentions)
        # A concurrent retry may insert it first: that is the same item.
        with contextlib.suppress(DuplicateKeyError):
            await self._inbox.update_one({"_id": item.item_id}, {"$setOnInsert": doc}, upsert=True)

    async def list(
        self, recipient_id: str, *, unread_only: bool, limit: int, before: datetime | None
    ) -> list[InboxItem]:
        query: Document = {"recipient_id": recipient_id}
        if unread_only:
            query["read_at"] = None
        if before is not None:
            query["created_at"] = {"$lt": before}
        cursor = self._inbox.find(query).sort([("created_at", -1), ("_id", -1)]).limit(limit)
        return [item_from_document(doc) async for doc in cursor]

    async def mark_read(
        self, recipient_id: str, item_ids: Sequence[str] | None, now: datetime
    ) -> int:
        query: Document = {"recipient_id": recipient_id, "read_at": None}
        if item_ids is not None:
            query["_id"] = {"$in": list(item_ids)}
        result = await self._inbox.update_many(query, {"$set": {"read_at": now}})
        return result.modified_count

    async def erase(self, recipient_id: str) -> int:
        result = await self._inbox.delete_many({"recipient_id": recipient_id})
        return result.deleted_count

    async def redact_mentions(
        self, participant_id: str, texts: Mapping[str, tuple[str, str]]
    ) -> int:
        redacted = 0
        for locale, (subject, body) in texts.items():
            result = await self._inbox.update_many(
                {"mentions": participant_id, "locale": locale},
                {
                    "$set": {"subject": subject, "body": body, "redacted": True},
                    "$unset": {"mentions": ""},
                },
            )
            redacted += result.modified_count
        return redacted
