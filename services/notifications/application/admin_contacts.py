"""The program admins' contact details, kept by the program's admins; every change they make
goes on the program's audit trail: who, when, which admin contact, which fields.

What changed is kept as field names only: never the name or address itself, so the trail can
be shown to every admin of the program and an erased person leaves nothing personal in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from services.notifications.application.ports import AdminContacts, AuditTrailPort
from services.notifications.domain.model import Contact
from shared.clock import Clock
from shared.events.ids import derive_key
from shared.storage.audit import AuditEntry

KEPT_FIELDS = ("display_name", "email", "timezone", "locale")
"""What an admin contact holds besides its ids, as the trail names it."""


class Actor(Protocol):
    """Who acted: the signed-in admin (an HTTP principal is one)."""

    @property
    def subject(self) -> str: ...


def changed_fields(before: Contact | None, after: Contact | None) -> list[str]:
    def fields(contact: Contact | None) -> Mapping[str, Any]:
        return {name: getattr(contact, name) for name in KEPT_FIELDS} if contact else {}

    old, new = fields(before), fields(after)
    return sorted(name for name in KEPT_FIELDS if old.get(name) != new.get(name))


@dataclass(frozen=True, slots=True)
class AdminContactBook:
    admins: AdminContacts
    trail: AuditTrailPort
    clock: Clock

    async def list(self, program_id: str) -> list[Contact]:
        return await self.admins.list(program_id)

    async def put(self, actor: Actor, contact: Contact, *, unit: UUID) -> None:
        """Add or replace one admin's contact. `unit` is the request's correlation id: a
        retried request is recorded once, and a PUT that changes nothing is not recorded."""
        program_id, admin_id = contact.program_id, contact.recipient_id
        before = (await self.admins.get_many(program_id, [admin_id])).get(admin_id)
        await self.admins.put(contact)
        changed = changed_fields(before, contact)
        if not changed:
            return
        action = "admin_contact.added" if before is None else "admin_contact.changed"
        await self._record(actor, action, program_id, admin_id, unit, {"fields": changed})

    async def remove(self, actor: Actor, program_id: str, admin_id: str, *, unit: UUID) -> bool:
        """False if there was no such contact (nothing is recorded then)."""
        if not await self.admins.delete(program_id, admin_id):
            return False
        await self._record(actor, "admin_contact.removed", program_id, admin_id, unit, {})
        return True

    async def _record(
        self,
        actor: Actor,
        action: str,
        program_id: str,
        admin_id: str,
        unit: UUID,
        changes: Mapping[str, Sequence[str]],
    ) -> None:
        await self.trail.record(
            AuditEntry(
                entry_id=derive_key(unit, f"audit|{action}|{program_id}|{admin_id}"),
                at=self.clock.now(),
                actor_id=actor.subject,
                action=action,
                program_id=program_id,
                target=admin_id,
                changes=dict(changes),
                subjects=(admin_id,),
            )
        )
