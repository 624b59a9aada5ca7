"""Provisioning use cases: an identity provider creates, changes and removes people.

Each change is stored with the event it implies in one write (the outbox), then published;
the audit trail records which connection did it and which attributes changed, never values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from uuid import uuid4

from services.directory.application.mapping import event_for
from services.directory.application.ports import AuditRecorder, PersonStore, Telemetry
from services.directory.domain.errors import (
    ChangedMeanwhile,
    Immutable,
    InvalidValue,
    UnknownPerson,
    VersionMismatch,
)
from services.directory.domain.filters import Condition
from services.directory.domain.model import (
    Change,
    Page,
    Person,
    PersonDraft,
    change_between,
    changed_attributes,
)
from shared.clock import Clock
from shared.events import Event, PersonDeactivated, PersonProvisioned, PersonUpdated
from shared.events.envelope import IDENTIFIER_PATTERN
from shared.events.ids import derive_key
from shared.storage.audit import AuditEntry

Revision = Callable[[Person], PersonDraft]
"""How a replacement or a patch turns the current person into the wanted draft."""

ATTEMPTS = 5


def scim_actor(connection_id: str) -> str:
    return f"scim:{connection_id}"


@dataclass
class Provisioning:
    people: PersonStore
    audit: AuditRecorder
    clock: Clock
    telemetry: Telemetry
    ids_from_external_id: bool = False
    """A person's id (the participant id programs know them by, and the subject the sign-in
    tokens name) is the provider's externalId, which then is required and never changes;
    otherwise the directory makes one up."""

    def _new_person_id(self, draft: PersonDraft) -> str:
        if not self.ids_from_external_id:
            return uuid4().hex
        if not draft.external_id:
            raise InvalidValue("externalId is required: it is the person's id at sign-in")
        if not re.fullmatch(IDENTIFIER_PATTERN, draft.external_id):
            raise InvalidValue(
                "externalId must be 1 to 128 letters, digits or . _ : @ - "
                "(it becomes the person's id)"
            )
        return draft.external_id

    def _check_revision(self, current: Person, draft: PersonDraft) -> None:
        if self.ids_from_external_id and draft.external_id != current.draft.external_id:
            raise Immutable("externalId is the person's id at sign-in and cannot change")

    async def get(self, connection_id: str, person_id: str) -> Person:
        person = await self.people.get(connection_id, person_id)
        if person is None:
            raise UnknownPerson()
        return person

    async def search(
        self, connection_id: str, condition: Condition | None, *, start: int, count: int
    ) -> Page:
        return await self.people.search(connection_id, condition, start=start, count=count)

    async def create(self, connection_id: str, draft: PersonDraft) -> Person:
        now = self.clock.now()
        person = Person(
            person_id=self._new_person_id(draft),
            connection_id=connection_id,
            draft=draft,
            version=1,
            created_at=now,
            modified_at=now,
        )
        event = event_for(person, PersonProvisioned, uuid4())
        await self.people.insert(person, [event])
        await self._audit(person, "person.provisioned", changed_attributes({}, draft.attributes))
        return person

    async def revise(
        self,
        connection_id: str,
        person_id: str,
        revision: Revision,
        *,
        if_match: int | None,
        action: str,
    ) -> Person:
        """Replace or patch: read, revise, write if nobody wrote meanwhile (else read again,
        unless the client pinned a version with If-Match)."""
        for _ in range(ATTEMPTS):
            current = await self.get(connection_id, person_id)
            if if_match is not None and current.version != if_match:
                raise VersionMismatch()
            draft = revision(current)
            self._check_revision(current, draft)
            if draft == current.draft:
                return current  # nothing changes: no new version, no event
            revised = replace(
                current, draft=draft, version=current.version + 1, modified_at=self.clock.now()
            )
            events = self._events_for(current, revised)
            if await self.people.replace(revised, current.version, events):
                changed = changed_attributes(current.draft.attributes, draft.attributes)
                await self._audit(revised, action, changed)
                return revised
            if if_match is not None:
                raise VersionMismatch()
        raise ChangedMeanwhile()

    async def delete(self, connection_id: str, person_id: str, *, if_match: int | None) -> None:
        """The person is gone from the directory and every program lets them go. What the
        provider told us about them is dropped; the id stays, so the deletion is on record."""
        for _ in range(ATTEMPTS):
            current = await self.get(connection_id, person_id)
            if if_match is not None and current.version != if_match:
                raise VersionMismatch()
            gone = replace(
                current,
                draft=PersonDraft(user_name=current.person_id, attributes={}, active=False),
                version=current.version + 1,
                modified_at=self.clock.now(),
                deleted=True,
            )
            event = event_for(gone, PersonDeactivated, uuid4(), deleted=True)
            if await self.people.replace(gone, current.version, [event]):
                await self._audit(gone, "person.deleted", [])
                return
            if if_match is not None:
                raise VersionMismatch()
        raise ChangedMeanwhile()

    def _events_for(self, before: Person, after: Person) -> list[Event]:
        change = change_between(before.draft, after.draft)
        if change is Change.DEACTIVATED:
            return [event_for(after, PersonDeactivated, uuid4())]
        if change is Change.UPDATED:
            return [event_for(after, PersonUpdated, uuid4(), active=after.draft.active)]
        return []

    async def _audit(self, person: Person, action: str, attributes: list[str]) -> None:
        self.telemetry.person_changed(person.connection_id, action.removeprefix("person."))
        await self.audit.record(
            AuditEntry(
                entry_id=derive_key(person.person_id, f"audit:v{person.version}"),
                at=person.modified_at,
                actor_id=scim_actor(person.connection_id),
                action=action,
                program_id=None,
                target=person.person_id,
                changes={"attributes": attributes, "version": person.version},
                subjects=(person.person_id,),
            )
        )
