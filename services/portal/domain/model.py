"""The few things the portal itself models; everything else is the services' JSON, shown.

A program's audit trail is kept by each part of Twoway that acts on the program (matching,
scheduling, notifications), each in its own database. The console reads them all and shows
one timeline, so an entry here remembers which part recorded it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

AUDIT_SOURCES = ("matching", "scheduling", "notifications")
"""The parts of Twoway that keep a per-program audit trail, in the order a tie is shown."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One admin action on a program, as one part of Twoway recorded it."""

    source: str
    """Which part recorded it: one of AUDIT_SOURCES."""
    entry_id: str
    at: datetime
    """UTC, timezone-aware."""
    actor_id: str
    action: str
    target: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    redacted: bool = False

    @property
    def newest_first_key(self) -> tuple[datetime, str, str]:
        """Sorted descending, this is each service's own order (time, then entry id), so
        merging the services' pages keeps every page of each one in place."""
        return (self.at, self.entry_id, self.source)
