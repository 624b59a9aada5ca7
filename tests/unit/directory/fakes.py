"""Hand-written fakes of the directory's ports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from services.directory.domain.errors import PersonIdTaken, UserNameTaken
from services.directory.domain.filters import AllOf, AnyOf, Condition, Equals, Field, Present
from services.directory.domain.model import Page, Person, user_name_key
from shared.events import Event
from shared.storage.audit import AuditEntry


def _values(person: Person, field: Field) -> list[object]:
    draft = person.draft
    values: dict[Field, list[object]] = {
        Field.USER_NAME: [user_name_key(draft.user_name)],
        Field.EXTERNAL_ID: [draft.external_id],
        Field.ID: [person.person_id],
        Field.EMAIL: [e.casefold() for e in draft.emails],
        Field.WORK_EMAIL: [e.casefold() for e in draft.work_emails],
        Field.ACTIVE: [draft.active],
        Field.DISPLAY_NAME: [draft.display_name],
    }
    return values[field]


def matches(person: Person, condition: Condition) -> bool:
    if isinstance(condition, Equals):
        wanted = condition.value
        if isinstance(wanted, str) and condition.field in (
            Field.USER_NAME,
            Field.EMAIL,
            Field.WORK_EMAIL,
        ):
            wanted = wanted.casefold()
        return wanted in _values(person, condition.field)
    if isinstance(condition, Present):
        return any(v not in (None, "") for v in _values(person, condition.field))
    if isinstance(condition, AllOf):
        return all(matches(person, part) for part in condition.parts)
    assert isinstance(condition, AnyOf)
    return any(matches(person, part) for part in condition.parts)


class FakePersonStore:
    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.published: list[Event] = []
        self.interfere_once = False
        """The next replace finds the person changed by someone else."""

    def _name_taken(self, person: Person) -> bool:
        key = user_name_key(person.draft.user_name)
        return any(
            other.person_id != person.person_id
            and other.connection_id == person.connection_id
            and not other.deleted
            and user_name_key(other.draft.user_name) == key
            for other in self.people.values()
        )

    async def get(self, connection_id: str, person_id: str) -> Person | None:
        person = self.people.get(person_id)
        if person is None or person.deleted or person.connection_id != connection_id:
            return None
        return person

    async def insert(self, person: Person, events: Sequence[Event]) -> None:
        if person.person_id in self.people:
            raise PersonIdTaken()
        if self._name_taken(person):
            raise UserNameTaken()
        self.people[person.person_id] = person
        self.published.extend(events)

    async def replace(self, person: Person, expected_version: int, events: Sequence[Event]) -> bool:
        stored = self.people[person.person_id]
        if self.interfere_once:
            self.interfere_once = False
            self.people[person.person_id] = replace(stored, version=stored.version + 1)
            return False
        if stored.version != expected_version:
            return False
        if not person.deleted and self._name_taken(person):
            raise UserNameTaken()
        self.people[person.person_id] = person
        self.published.extend(events)
        return True

    async def search(
        self, connection_id: str, condition: Condition | None, *, start: int, count: int
    ) -> Page:
        found = [
            p
            for p in self.people.values()
            if p.connection_id == connection_id
            and not p.deleted
            and (condition is None or matches(p, condition))
        ]
        return Page(people=found[start : start + count], total=len(found))


class FakeAudit:
    def __init__(self) -> None:
        self.entries: dict[str, AuditEntry] = {}

    async def record(self, entry: AuditEntry) -> None:
        self.entries.setdefault(entry.entry_id, entry)


class FakeTelemetry:
    def __init__(self) -> None:
        self.changes: list[tuple[str, str]] = []

    def person_changed(self, connection_id: str, action: str) -> None:
        self.changes.append((connection_id, action))
