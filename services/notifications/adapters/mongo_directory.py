"""Programs, contacts, admin contacts and preferences in MongoDB."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.notifications.adapters.mongo_collections import (
    ADMIN_CONTACTS,
    CONTACTS,
    PREFERENCES,
    PROGRAMS,
)
from services.notifications.domain.model import Contact, Preferences, ProgramProfile, QuietHours
from shared.storage.mongo import Document

ERASED_VERSION = 2**62
"""A tombstone outranks every profile version, so replayed joins cannot resurrect a person."""


async def _upsert_newer(collection: Any, key: str, version: int, fields: Document) -> bool:
    """Write only if newer than what is stored; the unique _id turns an older write into a
    duplicate-key error instead of a second document."""
    try:
        await collection.update_one(
            {"_id": key, "version": {"$lt": version}},
            {"$set": {**fields, "version": version}},
            upsert=True,
        )
    except DuplicateKeyError:
        return False
    return True


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
        return await _upsert_newer(
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


def _contact(doc: Document, recipient_id: str) -> Contact:
    return Contact(
        recipient_id=recipient_id,
        program_id=doc["program_id"],
        display_name=doc["display_name"],
        email=doc.get("email"),
        timezone=doc.get("timezone") or "UTC",
        locale=doc.get("locale"),
        languages=tuple(doc.get("languages", ())),
        chat_handle=doc.get("chat_handle"),
        role=doc.get("role"),
    )


class MongoContacts:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._contacts = db[CONTACTS]

    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        contacts: dict[str, Contact] = {}
        erased: set[str] = set()
        if not ids:
            return contacts, erased
        async for doc in self._contacts.find({"_id": {"$in": list(dict.fromkeys(ids))}}):
            if doc.get("erased"):
                erased.add(doc["_id"])
            else:
                contacts[doc["_id"]] = _contact(doc, doc["_id"])
        return contacts, erased

    async def save(self, contact: Contact, version: int) -> bool:
        return await _upsert_newer(
            self._contacts,
            contact.recipient_id,
            version,
            {
                "program_id": contact.program_id,
                "display_name": contact.display_name,
                "email": contact.email,
                "timezone": contact.timezone,
                "locale": contact.locale,
                "languages": list(contact.languages),
                "chat_handle": contact.chat_handle,
                "role": contact.role,
            },
        )

    async def erase(self, participant_id: str, now: datetime) -> None:
        await self._contacts.replace_one(
            {"_id": participant_id},
            {"erased": True, "erased_at": now, "version": ERASED_VERSION},
            upsert=True,
        )


class MongoAdminContacts:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._admins = db[ADMIN_CONTACTS]

    @staticmethod
    def _key(program_id: str, admin_id: str) -> str:
        return f"{program_id}:{admin_id}"

    async def get_many(self, program_id: str, ids: Sequence[str]) -> dict[str, Contact]:
        keys = [self._key(program_id, i) for i in dict.fromkeys(ids)]
        found: dict[str, Contact] = {}
        async for doc in self._admins.find({"_id": {"$in": keys}}):
            found[doc["admin_id"]] = _contact(doc, doc["admin_id"])
        return found

    async def list(self, program_id: str) -> list[Contact]:
        cursor = self._admins.find({"program_id": program_id}).sort("admin_id", 1).limit(1_000)
        return [_contact(doc, doc["admin_id"]) async for doc in cursor]

    async def put(self, contact: Contact) -> None:
        await self._admins.replace_one(
            {"_id": self._key(contact.program_id, contact.recipient_id)},
            {
                "program_id": contact.program_id,
                "admin_id": contact.recipient_id,
                "display_name": contact.display_name,
                "email": contact.email,
                "timezone": contact.timezone,
                "locale": contact.locale,
            },
            upsert=True,
        )

    async def delete(self, program_id: str, admin_id: str) -> bool:
        result = await self._admins.delete_one({"_id": self._key(program_id, admin_id)})
        return result.deleted_count == 1


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
