"""One pair as the console shows it: attendance from its sessions and the feedback given in it,
without the private notes (which the portal drops even if a service sent one)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PRIVATE_FIELDS = frozenset({"private_note", "note", "private_notes"})


@dataclass(frozen=True, slots=True)
class Attendance:
    planned: int
    held: int
    missed: int
    cancelled: int
    other: int


def attendance(sessions: Iterable[Mapping[str, Any]]) -> Attendance:
    counts = Counter(str(s.get("status", "")) for s in sessions)
    held = counts.pop("completed", 0) + counts.pop("held", 0)
    missed = counts.pop("missed", 0)
    cancelled = counts.pop("cancelled", 0)
    planned = counts.pop("scheduled", 0) + counts.pop("planned", 0) + counts.pop("rescheduled", 0)
    return Attendance(
        planned=planned, held=held, missed=missed, cancelled=cancelled, other=sum(counts.values())
    )


def _without_private(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_private(v) for k, v in value.items() if k not in PRIVATE_FIELDS}
    if isinstance(value, list):
        return [_without_private(v) for v in value]
    return value


def feedback_of_pair(pair_id: str, requests: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The pair's feedback requests, oldest first, private notes removed."""
    mine = [dict(_without_private(r)) for r in requests if r.get("pair_id") == pair_id]
    return sorted(mine, key=lambda r: str(r.get("session_start") or ""))
