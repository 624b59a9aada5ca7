"""MongoDB storage of the directory: one document per person, with its pending events.

userName is unique per connection (case-insensitively) through a unique index on its folded
form; a deleted person keeps a tombstone whose name key is its own id, so the name is free
again. Searches use only indexed fields (see domain.filters).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.directory.domain.errors import PersonIdTaken, UserNameTaken
from services.directory.domain.filters import (
    CASE_INSENSITIVE,
    AllOf,
    Condition,
    Equals,
    Field,
    Present,
)
from services.directory.domain.model import Page, Person, PersonDraft, user_name_key
from shared.events import Event
from shared.storage.mongo import CollectionSpec, Document
from shared.storage.outbox import OUTBOX_FIELD, Outbox, outbox_entries, push_outbox

PEOPLE = "people"

PEOPLE_SPEC = CollectionSpec(
    PEOPLE,
    [
        IndexModel(
            [("connection_id", ASCENDING), ("user_name_key", ASCENDING)],
            unique=True,
            name="user_name_per_connection",
        ),
        IndexModel([("connection_id", ASCENDING), ("external_id", ASCENDING)]),
        IndexModel([("connection_id", ASCENDING), ("email_keys", ASCENDING)]),
        IndexModel([("connection_id", ASCENDING), ("work_email_keys", ASCENDING)]),
        IndexModel([("connection_id", ASCENDING), ("deleted", ASCENDING), ("seq", ASCENDING)]),
    ],
)

_STORED: dict[Field, str] = {
    Field.USER_NAME: "user_name_key",
    Field.EXTERNAL_ID: "external_id",
    Field.ID: "_id",
    Field.EMAIL: "email_keys",
    Field.WORK_EMAIL: "work_email_keys",
    Field.ACTIVE: "active",
    Field.DISPLAY_NAME: "display_name",
}


def _document(person: Person) -> Document:
    draft = person.draft
    return {
        "_id": person.person_id,
        "connection_id": person.connection_id,
        "user_name": draft.user_name,
        "user_name_key": person.person_id if person.deleted else user_name_key(draft.user_name),
        "external_id": draft.external_id,
        "display_name": draft.display_name,
        "work_email": draft.work_email,
        "work_emails": list(draft.work_emails),
        "work_email_keys": [e.casefold() for e in draft.work_emails],
        "emails": list(draft.emails),
        "email_keys": [e.casefold() for e in draft.emails],
        "active": draft.active,
        "language": draft.language,
        "timezone": draft.timezone,
        "department": draft.department,
        "location": draft.location,
        "attributes": dict(draft.attributes),
        "version": person.version,
        "created_at": person.created_at,
        "modified_at": person.modified_at,
        "seq": person.created_at.timestamp(),
        "deleted": person.deleted,
    }


def _person(doc: Document) -> Person:
    return Person(
        person_id=str(doc["_id"]),
        connection_id=str(doc["connection_id"]),
        draft=PersonDraft(
            user_name=str(doc["user_name"]),
            attributes=doc.get("attributes") or {},
            external_id=doc.get("external_id"),
            display_name=doc.get("display_name"),
            work_email=doc.get("work_email"),
            emails=tuple(doc.get("emails") or ()),
            work_emails=tuple(doc.get("work_emails") or ()),
            active=bool(doc.get("active")),
            language=doc.get("language"),
            timezone=doc.get("timezone"),
            department=doc.get("department"),
            location=doc.get("location"),
        ),
        version=int(doc["version"]),
        created_at=doc["created_at"],
        modified_at=doc["modified_at"],
        deleted=bool(doc.get("deleted")),
    )


def query_of(condition: Condition) -> Document:
    """A filter as a MongoDB query on the stored (folded) fields."""
    if isinstance(condition, Equals):
        value: Any = condition.value
        if condition.field in CASE_INSENSITIVE and isinstance(value, str):
            value = value.casefold()
        return {_STORED[condition.field]: value}
    if isinstance(condition, Present):
        return {_STORED[condition.field]: {"$nin": [None, "", []]}}
    if isinstance(condition, AllOf):
        return {"$and": [query_of(part) for part in condition.parts]}
    return {"$or": [query_of(part) for part in condition.parts]}


class MongoPersonStore:
    def __init__(self, collection: AsyncCollection[Document], outbox: Outbox) -> None:
        self._people = collection
        self._outbox = outbox

    async def get(self, connection_id: str, person_id: str) -> Person | None:
        doc = await self._people.find_one(
            {"_id": person_id, "connection_id": connection_id, "deleted": False},
            {OUTBOX_FIELD: 0},
        )
        return _person(doc) if doc else None

    async def insert(self, person: Person, events: Sequence[Event]) -> None:
        try:
            await self._people.insert_one(
                {**_document(person), OUTBOX_FIELD: outbox_entries(events)}
            )
        except DuplicateKeyError:
            if await self._people.find_one({"_id": person.person_id}, {"_id": 1}):
                raise PersonIdTaken() from None
            raise UserNameTaken() from None
        await self._outbox.flush(self._people, person.person_id, events)

    async def replace(self, person: Person, expected_version: int, events: Sequence[Event]) -> bool:
        try:
            result = await self._people.update_one(
                {"_id": person.person_id, "version": expected_version, "deleted": False},
                {"$set": _document(person), **push_outbox(events)},
            )
        except DuplicateKeyError:
            raise UserNameTaken() from None
        if result.modified_count == 0:
            return False
        await self._outbox.flush(self._people, person.person_id, events)
        return True

    async def search(
        self, connection_id: str, condition: Condition | None, *, start: int, count: int
    ) -> Page:
        query: Document = {"connection_id": connection_id, "deleted": False}
        if condition is not None:
            query = {"$and": [query, query_of(condition)]}
        total = await self._people.count_documents(query)
        if count == 0:
            return Page(people=[], total=total)
        docs = (
            await self._people.find(query, {OUTBOX_FIELD: 0})
            .sort([("seq", ASCENDING), ("_id", ASCENDING)])
            .skip(start)
            .limit(count)
            .to_list(None)
        )
        return Page(people=[_person(d) for d in docs], total=total)
