"""Audit entries as the console shows them: when, who, what, on what, and what changed.

The services keep only ids, field names and plain values in an entry (never a name or an
email), so every part is shown as it is; an erased person's entries say they were cleared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from services.portal.domain.model import AuditEntry

DIRECTORY_ACTOR = "scim:"
MAX_LISTED = 12
"""A list of ids in `changes` (e.g. everyone of an enrolment) shows its first few."""


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: str
    """UTC, to the second: `2026-12-07 04:15:54`."""
    actor_id: str
    by_directory: bool
    action: str
    target: str | None
    changes: tuple[tuple[str, str], ...]
    redacted: bool
    source: str
    """Which part of Twoway recorded it (matching, scheduling, notifications, directory)."""


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        shown = [_plain(v) for v in value[:MAX_LISTED]]
        more = len(value) - len(shown)
        return ", ".join(shown) + (f" (+{more})" if more > 0 else "") if shown else "—"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in sorted(value.items()))
    if value is None:
        return "—"
    return str(value)


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    return [
        AuditRow(
            at=entry.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            actor_id=entry.actor_id,
            by_directory=entry.actor_id.startswith(DIRECTORY_ACTOR),
            action=entry.action,
            target=entry.target,
            changes=tuple((str(k), _plain(v)) for k, v in sorted(entry.changes.items())),
            redacted=entry.redacted,
            source=entry.source,
        )
        for entry in entries
    ]
