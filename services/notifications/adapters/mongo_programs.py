"""Notifications' read model of each program's profile (settings it sends by), in MongoDB."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import PROGRAMS
from services.notifications.adapters.mongo_versioned import upsert_newer
from services.notifications.domain.model import ProgramProfile
from shared.storage.mongo import Document


class MongoPrograms:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._programs = db[PROGRAMS]

    async def get(self, program_id: str) -> ProgramProfile | None:
        doc = await self._programs.find_one({"_id": program_id})
        if doc is None:
            return None
        return ProgramProfile(
            program_id=doc["_id"],
            version=int(doc["version"]),
            name=doc["name"],
            region=doc["region"],
            timezone=doc["timezone"],
            locales=tuple(doc.get("locales", ())),
            admin_recipient_ids=tuple(doc.get("admin_recipient_ids", ())),
            chat_webhook_url=doc.get("chat_webhook_url"),
            branding_name=doc.get("branding_name"),
        )

    async def save(self, profile: ProgramProfile) -> bool:
        return await upsert_newer(
            self._programs,
            profile.program_id,
            profile.version,
            {
                "name": profile.name,
                "region": profile.region,
                "timezone": profile.timezone,
                "locales": list(profile.locales),
                "admin_recipient_ids": list(profile.admin_recipient_ids),
                "chat_webhook_url": profile.chat_webhook_url,
                "branding_name": profile.branding_name,
            },
        )
