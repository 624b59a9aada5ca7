"""A write that keeps only the newest version of a document (read models built from events)."""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from shared.storage.mongo import Document


async def upsert_newer(collection: Any, key: str, version: int, fields: Document) -> bool:
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
