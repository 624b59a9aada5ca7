"""Every admin action on a program goes on its audit trail: who, when, what, and what changed.

What changed is kept as field names, counts, ids and reasons: never a name, an email, free
text or a webhook address, so the trail can be shown to every admin of the program and an
erased person leaves nothing personal behind in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from shared.clock import Clock
from shared.events.ids import derive_key
from shared.storage.audit import AuditEntry


class Actor(Protocol):
    """Who acted: the signed-in admin (an HTTP principal is one)."""

    @property
    def subject(self) -> str: ...


class AuditTrailPort(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...

    async def forget(self, person_id: str) -> int: ...


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in {*before, *after} if before.get(k) != after.get(k))


@dataclass
class AdminAudit:
    trail: AuditTrailPort
    clock: Clock

    async def record(
        self,
        principal: Actor,
        action: str,
        program_id: str,
        *,
        unit: UUID,
        target: str | None = None,
        changes: Mapping[str, Any] | None = None,
        subjects: Sequence[str] = (),
    ) -> None:
        """`unit` is the request's correlation id: a retried command is recorded once."""
        await self.trail.record(
            AuditEntry(
                entry_id=derive_key(unit, f"audit|{action}|{program_id}|{target}"),
                at=self.clock.now(),
                actor_id=principal.subject,
                action=action,
                program_id=program_id,
                target=target,
                changes=dict(changes or {}),
                subjects=tuple(subjects),
            )
        )

    async def program_changed(
        self, principal: Actor, before: Mapping[str, Any], after: Mapping[str, Any], unit: UUID
    ) -> None:
        changes = {
            part: changed_fields(before.get(part) or {}, after.get(part) or {})
            for part in ("settings", "policy")
        }
        await self.record(
            principal,
            "program.changed",
            str(after["_id"]),
            unit=unit,
            changes={
                **{k: v for k, v in changes.items() if v},
                "program_version": after.get("program_version"),
                "policy_version": after.get("policy_version"),
            },
        )

    async def erased(
        self, principal: Actor, program_id: str, participant_id: str, unit: UUID
    ) -> None:
        """The person's earlier entries lose what changed; the erasure itself is recorded."""
        await self.trail.forget(participant_id)
        await self.record(
            principal,
            "participant.erased",
            program_id,
            unit=unit,
            target=participant_id,
            subjects=(participant_id,),
        )
