"""Each person's notification preferences, in MongoDB."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import PREFERENCES
from services.notifications.domain.model import Preferences, QuietHours
from shared.storage.mongo import Document


class MongoPreferences:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._preferences = db[PREFERENCES]

    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]:
        if not ids:
            return {}
        found: dict[str, Preferences] = {}
        async for doc in self._preferences.find({"_id": {"$in": list(dict.fromkeys(ids))}}):
            found[doc["_id"]] = Preferences(
                email=bool(doc.get("email", True)),
                chat=bool(doc.get("chat", False)),
                inbox=bool(doc.get("inbox", True)),
                quiet_hours=QuietHours(
                    doc.get("quiet_start", "21:00"), doc.get("quiet_end", "08:00")
                ),
                timezone=doc.get("timezone"),
                daily_digest=bool(doc.get("daily_digest", False)),
            )
        return found

    async def put(self, recipient_id: str, preferences: Preferences) -> None:
        await self._preferences.replace_one(
            {"_id": recipient_id},
            {
                "email": preferences.email,
                "chat": preferences.chat,
                "inbox": preferences.inbox,
                "quiet_start": preferences.quiet_hours.start,
                "quiet_end": preferences.quiet_hours.end,
                "timezone": preferences.timezone,
                "daily_digest": preferences.daily_digest,
            },
            upsert=True,
        )

    async def delete(self, recipient_id: str) -> None:
        await self._preferences.delete_one({"_id": recipient_id})
