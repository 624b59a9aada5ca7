"""Building events with a complete, deterministic envelope: the one place envelopes are made.

Three forms, by what the event's id derives from:
- `caused_by`: another event (same correlation, that event as the cause);
- `from_command`: an HTTP command or a timer's unit of work (no cause);
- `for_entity`: an entity of the service (a request, a pair, a delivery) at a given step, with
  whatever correlation and cause the caller carries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from shared.events.envelope import Event
from shared.events.ids import derive_id

E = TypeVar("E", bound=Event)


def caused_by(cause: Event, event_cls: type[E], purpose: str, *, now: datetime, **fields: Any) -> E:
    """An event that reacts to `cause`: same correlation, id derived from the cause and purpose."""
    fields.setdefault("program_id", cause.program_id)
    return event_cls(
        event_id=derive_id(cause.event_id, purpose),
        occurred_at=now,
        correlation_id=cause.correlation_id,
        causation_id=cause.event_id,
        **fields,
    )


def from_command(
    command_id: UUID | str,
    event_cls: type[E],
    purpose: str,
    *,
    now: datetime,
    program_id: str,
    correlation_id: UUID,
    **fields: Any,
) -> E:
    """An event recorded for an HTTP command or a timer; `command_id` names that unit of work."""
    return event_cls(
        event_id=derive_id(command_id, purpose),
        occurred_at=now,
        program_id=program_id,
        correlation_id=correlation_id,
        causation_id=None,
        **fields,
    )


def for_entity(
    entity_id: UUID | str,
    event_cls: type[E],
    purpose: str,
    *,
    now: datetime,
    program_id: str,
    correlation_id: UUID,
    causation_id: UUID | None,
    **fields: Any,
) -> E:
    """An event about `entity_id`; `purpose` names the step (with its revision, episode or
    attempt), so the same step of the same entity always gives the same event id."""
    return event_cls(
        event_id=derive_id(entity_id, purpose),
        occurred_at=now,
        program_id=program_id,
        correlation_id=correlation_id,
        causation_id=causation_id,
        **fields,
    )
