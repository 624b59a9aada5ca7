"""Browser sessions in MongoDB (`twoway_portal.sessions`); a TTL index removes expired ones."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from services.portal.application.ports import StoredSession
from shared.storage.mongo import CollectionSpec

SESSIONS = "sessions"
SESSION_COLLECTIONS = (
    CollectionSpec(
        SESSIONS, [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="ttl")]
    ),
)


class MongoSessionStore:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self._sessions = collection

    async def load(self, session_id: str) -> StoredSession | None:
        doc = await self._sessions.find_one({"_id": session_id})
        if doc is None:
            return None
        doc["session_id"] = doc.pop("_id")
        known = set(StoredSession.__dataclass_fields__)
        return StoredSession(**{k: v for k, v in doc.items() if k in known})

    async def save(self, session: StoredSession) -> None:
        doc = asdict(session)
        session_id = doc.pop("session_id")
        await self._sessions.replace_one({"_id": session_id}, doc, upsert=True)

    async def delete(self, session_id: str) -> None:
        await self._sessions.delete_one({"_id": session_id})
