"""Session commands an admin gives go on the program's audit trail: who, when, what changed.

An admin action is a command taken by someone who administers the pair's program (a platform
admin, or a program admin by program or region). A participant moving, cancelling or
completing a session of their own pair is not an admin action and is not recorded: the series
and its events already say what happened, and the trail is the admins' record of each other.
Someone who both belongs to the pair and administers its program is recorded, since the
service cannot tell in which capacity they acted.

What changed is kept as ids, times (UTC), statuses, counts and reason codes: never a name, an
email or free text. Each entry lists both people of the pair as its subjects, so erasing
either of them clears what their entries said (who acted, when and what kind of action stay).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from services.scheduling.application.ports import AuditTrailPort
from services.scheduling.domain.model import Series, Session
from shared.events.ids import derive_key
from shared.storage.audit import AuditEntry


class Actor(Protocol):
    """Who acted: the signed-in admin (an HTTP principal is one)."""

    @property
    def subject(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SessionChange:
    """What one command changed, as the audit trail keeps it. `unit` names the change (the
    command id, which encodes the state it moved from), so one change is recorded once."""

    action: str
    target: str
    changes: Mapping[str, Any]
    unit: str


def _at(instant: datetime) -> str:
    """An instant in UTC, however the admin wrote it."""
    return instant.astimezone(UTC).isoformat()


def rescheduled(unit: str, series: Series, before: Session, after: Session) -> SessionChange:
    return SessionChange(
        "session.rescheduled",
        after.session_id,
        {
            "session_id": after.session_id,
            "pair_id": series.pair_id,
            "previous_start": _at(before.start),
            "start": _at(after.start),
            "reason": "requested",
        },
        unit,
    )


def cancelled(unit: str, series: Series, session: Session) -> SessionChange:
    return SessionChange(
        "session.cancelled",
        session.session_id,
        {
            "session_id": session.session_id,
            "pair_id": series.pair_id,
            "start": _at(session.start),
            "reason": session.cancel_reason,
        },
        unit,
    )


def completed(unit: str, series: Series, session: Session) -> SessionChange:
    return SessionChange(
        "session.completed",
        session.session_id,
        {
            "session_id": session.session_id,
            "pair_id": series.pair_id,
            "start": _at(session.start),
            "status": session.status.value,
        },
        unit,
    )


def remaining_cancelled(unit: str, series: Series, sessions: Sequence[Session]) -> SessionChange:
    return SessionChange(
        "series.cancelled",
        series.pair_id,
        {
            "pair_id": series.pair_id,
            "session_ids": [s.session_id for s in sessions],
            "sessions_cancelled": len(sessions),
            "series_status": series.status.value,
            "reason": "series_cancelled",
        },
        unit,
    )


@dataclass
class SessionAudit:
    trail: AuditTrailPort

    async def record(
        self, actor: Actor, series: Series, change: SessionChange, at: datetime
    ) -> None:
        await self.trail.record(
            AuditEntry(
                entry_id=derive_key(change.unit, f"audit|{change.action}"),
                at=at,
                actor_id=actor.subject,
                action=change.action,
                program_id=series.program_id,
                target=change.target,
                changes=dict(change.changes),
                subjects=series.participants,
            )
        )

    async def erased(self, participant_id: str) -> int:
        """The person's entries keep who acted, when and what kind of action; not what."""
        return await self.trail.forget(participant_id)
