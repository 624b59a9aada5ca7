"""What the directory's use cases need from the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.directory.domain.filters import Condition
from services.directory.domain.model import Page, Person
from shared.events import Event
from shared.storage.audit import AuditEntry


class PersonStore(Protocol):
    async def get(self, connection_id: str, person_id: str) -> Person | None:
        """A live (not deleted) person of this connection."""
        ...

    async def insert(self, person: Person, events: Sequence[Event]) -> None:
        """Store a new person with its events; UserNameTaken if the name is in use."""
        ...

    async def replace(self, person: Person, expected_version: int, events: Sequence[Event]) -> bool:
        """Write the new state if the stored version is still `expected_version`; False if it
        changed meanwhile. UserNameTaken if the new name is in use."""
        ...

    async def search(
        self, connection_id: str, condition: Condition | None, *, start: int, count: int
    ) -> Page:
        """Live people of the connection matching `condition`, by creation; `start` is 0-based."""
        ...


class AuditRecorder(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...


class Telemetry(Protocol):
    def person_changed(self, connection_id: str, action: str) -> None:
        """One provisioning change (labels: the connection and the action, never a person)."""
        ...
