"""Participants' contact data (from their joins and updates) and admins' contact data, in
MongoDB; an erased participant leaves a tombstone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from services.notifications.adapters.mongo_collections import ADMIN_CONTACTS, CONTACTS
from services.notifications.adapters.mongo_versioned import upsert_newer
from services.notifications.domain.model import Contact
from shared.storage.mongo import Document

ERASED_VERSION = 2**62
"""A tombstone outranks every profile version, so replayed joins cannot resurrect a person."""


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
        return await upsert_newer(
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

    async def forget_unjoined(self, participant_id: str, below_version: int) -> bool:
        result = await self._contacts.delete_one(
            {"_id": participant_id, "version": {"$lt": below_version}}
        )
        return result.deleted_count == 1

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
