"""People the company directory lets go or renames: every program they are in follows.

A deactivated (or deleted) person's live pairs end with `left_company` (scheduling cancels
what was left, the partner is told and waits for the next round), then they are withdrawn from
each program the usual way. A new name, email, department or location reaches each program
as a profile update.
Both are recorded in the program's audit trail as done by the identity-provider connection.
Every directory event also keeps matching's read model of the directory current, which admins
search to enrol provisioned people; a joiner, a move or a return that a program's enrolment rule
admits enrols the person there (`enrolment_rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.ports import Memberships
from services.matching.domain.enrolment import DirectoryPerson
from shared.clock import Clock
from shared.events import ParticipantProfile, PersonDeactivated, PersonProvisioned, PersonUpdated
from shared.events.ids import derive_key
from shared.storage.audit import AuditEntry


class AuditRecorder(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...


class DirectoryReadModel(Protocol):
    async def remember(self, person: DirectoryPerson) -> None: ...

    async def deactivate(self, person_id: str, version: int, *, deleted: bool) -> None: ...


def directory_person(event: PersonProvisioned | PersonUpdated) -> DirectoryPerson:
    return DirectoryPerson(
        person_id=event.person_id,
        version=event.person_version,
        active=event.active,
        display_name=event.display_name,
        email=event.email,
        language=event.language,
        timezone=event.timezone,
        department=event.department,
        location=event.location,
    )


def directory_actor(connection_id: str) -> str:
    return f"scim:{connection_id}"


@dataclass
class DirectoryChanges:
    memberships: Memberships
    participants: ParticipantCommands
    pairs: PairLifecycle
    audit: AuditRecorder
    clock: Clock
    people: DirectoryReadModel
    by_rule: EnrolmentByRule | None = None

    async def on_person_provisioned(self, event: PersonProvisioned) -> list[str]:
        """A joiner: admins can find and enrol them from now on, and the programs whose
        rules admit them enrol them now; returns those programs."""
        person = directory_person(event)
        await self.people.remember(person)
        return await self._enrol_by_rule(event, person)

    async def _enrol_by_rule(
        self, event: PersonProvisioned | PersonUpdated, person: DirectoryPerson
    ) -> list[str]:
        if self.by_rule is None:
            return []
        brought = await self.by_rule.on_person(person, event.correlation_id)
        for joins in brought:
            await self._record(
                event,
                joins.program_id,
                "participant.enrolled_by_rule",
                {"joined": len(joins.person_ids)},
                purpose="rule",
            )
        return [joins.program_id for joins in brought]

    async def on_person_deactivated(self, event: PersonDeactivated) -> list[str]:
        """Withdraws the person everywhere; returns the programs it touched. A withdrawn
        membership is passed through again, so a redelivery finishes ending its pairs."""
        await self.people.deactivate(event.person_id, event.person_version, deleted=event.deleted)
        touched = []
        for doc in await self.memberships.memberships_of(event.person_id, ["active", "withdrawn"]):
            program_id = str(doc["program_id"])
            await self.pairs.end_all_of(
                program_id, event.person_id, "left_company", event.correlation_id
            )
            await self.participants.withdraw(program_id, event.person_id, event.correlation_id)
            await self._record(
                event,
                program_id,
                "participant.withdrawn",
                {"reason": "deleted_from_directory" if event.deleted else "left_company"},
            )
            touched.append(program_id)
        return touched

    async def on_person_updated(self, event: PersonUpdated) -> list[str]:
        """A new display name, email, department or location, carried into each active
        membership's profile (the language and time zone stay as the person set them in each
        program; a department or location the directory does not give stays as it was)."""
        person = directory_person(event)
        await self.people.remember(person)
        touched = await self._enrol_by_rule(event, person)
        for doc in await self.memberships.memberships_of(event.person_id, ["active"]):
            profile = dict(doc["profile"])
            wanted = {
                "display_name": event.display_name,
                "email": event.email,
                "department": event.department,
                "location": event.location,
            }
            changed = sorted(k for k, v in wanted.items() if v is not None and profile.get(k) != v)
            if not changed:
                continue
            profile.update({k: wanted[k] for k in changed})
            program_id = str(doc["program_id"])
            await self.participants.update(
                program_id, ParticipantProfile.model_validate(profile), event.correlation_id
            )
            await self._record(event, program_id, "participant.updated", {"fields": changed})
            touched.append(program_id)
        return touched

    async def _record(
        self,
        event: PersonProvisioned | PersonDeactivated | PersonUpdated,
        program_id: str,
        action: str,
        changes: dict[str, Any],
        purpose: str = "",
    ) -> None:
        key = f"audit|{purpose}|{program_id}" if purpose else f"audit|{program_id}"
        await self.audit.record(
            AuditEntry(
                entry_id=derive_key(event.event_id, key),
                at=self.clock.now(),  # when this program acted, on the program's clock
                actor_id=directory_actor(event.connection_id),
                action=action,
                program_id=program_id,
                target=event.person_id,
                changes=changes,
                subjects=(event.person_id,),
            )
        )
