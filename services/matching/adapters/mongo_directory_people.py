"""Matching's read model of the company directory, built from the `directory` topic.

Admins search it to enrol people; only the newest version of a person is kept (a redelivered
or late older event changes nothing). A person deleted from the directory keeps only their id.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.matching.domain.enrolment import DirectoryPerson
from shared.storage.mongo import CollectionSpec, Document

DIRECTORY_PEOPLE = "directory_people"
DIRECTORY_PEOPLE_SPEC = CollectionSpec(
    DIRECTORY_PEOPLE,
    [
        IndexModel(
            [("active", ASCENDING), ("sort_name", ASCENDING), ("_id", ASCENDING)], name="by_name"
        ),
        IndexModel([("active", ASCENDING), ("department_key", ASCENDING)], name="by_department"),
        IndexModel([("active", ASCENDING), ("location_key", ASCENDING)], name="by_location"),
    ],
)
_PERSONAL = (
    "display_name",
    "email",
    "language",
    "timezone",
    "department",
    "location",
    "department_key",
    "location_key",
    "sort_name",
    "search_text",
)


def _unit_key(value: str | None) -> str | None:
    return value.strip().casefold() if value else None


def _sort_name(person: DirectoryPerson) -> str:
    return (person.display_name or person.email or "").casefold()


def _document(person: DirectoryPerson) -> Document:
    return {
        "version": person.version,
        "active": person.active,
        "display_name": person.display_name,
        "email": person.email,
        "language": person.language,
        "timezone": person.timezone,
        "department": person.department,
        "location": person.location,
        "department_key": _unit_key(person.department),
        "location_key": _unit_key(person.location),
        "sort_name": _sort_name(person),
        "search_text": f"{person.display_name or ''} {person.email or ''}".casefold(),
    }


def _person(doc: Document) -> DirectoryPerson:
    return DirectoryPerson(
        person_id=str(doc["_id"]),
        version=int(doc["version"]),
        active=bool(doc["active"]),
        display_name=doc.get("display_name"),
        email=doc.get("email"),
        language=doc.get("language"),
        timezone=doc.get("timezone"),
        department=doc.get("department"),
        location=doc.get("location"),
    )


class MongoDirectoryPeople:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._people = collection

    async def remember(self, person: DirectoryPerson) -> None:
        """Keep this version unless a newer one is stored already."""
        # A newer (or the same) version stored already: the upsert finds no older one and
        # its insert collides with the stored id.
        with contextlib.suppress(DuplicateKeyError):
            await self._people.update_one(
                {"_id": person.person_id, "version": {"$lt": person.version}},
                {"$set": _document(person)},
                upsert=True,
            )

    async def deactivate(self, person_id: str, version: int, *, deleted: bool) -> None:
        change: dict[str, Any] = {"$set": {"version": version, "active": False}}
        if deleted:
            change["$unset"] = {field: "" for field in _PERSONAL}
        with contextlib.suppress(DuplicateKeyError):
            await self._people.update_one(
                {"_id": person_id, "version": {"$lt": version}}, change, upsert=True
            )

    async def get_many(self, person_ids: Sequence[str]) -> dict[str, DirectoryPerson]:
        docs = await self._people.find({"_id": {"$in": list(person_ids)}}).to_list(None)
        return {str(d["_id"]): _person(d) for d in docs}

    async def search(
        self, text: str | None, *, after: tuple[str, str] | None, limit: int
    ) -> tuple[list[DirectoryPerson], int]:
        """Active people by name: up to limit + 1 after the position (sort name, id), and how
        many match in all."""
        scope: Document = {"active": True}
        if text:
            scope["search_text"] = {"$regex": re.escape(text.casefold())}
        query = dict(scope)
        if after is not None:
            name, person_id = after
            query["$or"] = [
                {"sort_name": {"$gt": name}},
                {"sort_name": name, "_id": {"$gt": person_id}},
            ]
        docs = (
            await self._people.find(query)
            .sort([("sort_name", ASCENDING), ("_id", ASCENDING)])
            .limit(limit + 1)
            .to_list(None)
        )
        return [_person(d) for d in docs], await self._people.count_documents(scope)

    async def in_unit(self, department: str | None, location: str | None) -> list[DirectoryPerson]:
        query: Document = {"active": True}
        if department:
            query["department_key"] = _unit_key(department)
        if location:
            query["location_key"] = _unit_key(location)
        return [_person(d) async for d in self._people.find(query)]

    @staticmethod
    def position_of(person: DirectoryPerson) -> tuple[str, str]:
        return (_sort_name(person), person.person_id)
