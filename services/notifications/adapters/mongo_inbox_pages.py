"""The inbox by page, newest first: keyset on (created_at, id), so equal times never skip."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import INBOX
from services.notifications.adapters.mongo_inbox import item_from_document
from services.notifications.domain.model import InboxItem
from shared.storage.mongo import CollectionSpec, Document

INBOX_PAGE_SPEC = CollectionSpec(
    INBOX,
    [
        IndexModel(
            [("recipient_id", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
            name="recipient_page",
        ),
        IndexModel(
            [
                ("recipient_id", ASCENDING),
                ("read_at", ASCENDING),
                ("created_at", DESCENDING),
                ("_id", DESCENDING),
            ],
            name="recipient_unread_page",
        ),
    ],
)


class MongoInboxPages:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._inbox = db[INBOX]

    async def page(
        self,
        recipient_id: str,
        *,
        unread_only: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> tuple[list[InboxItem], int]:
        """Up to limit + 1 items older than `after` (created_at, id), and how many match."""
        query: dict[str, Any] = {"recipient_id": recipient_id}
        if unread_only:
            query["read_at"] = None
        page_query = query
        if after is not None:
            at, item_id = after
            page_query = {
                **query,
                "$or": [
                    {"created_at": {"$lt": at}},
                    {"created_at": at, "_id": {"$lt": item_id}},
                ],
            }
        docs = self._inbox.find(page_query).sort([("created_at", -1), ("_id", -1)])
        found = [item_from_document(d) async for d in docs.limit(limit + 1)]
        return found, await self._inbox.count_documents(query)
