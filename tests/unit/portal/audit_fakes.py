"""A service's audit trail of a program, paged the way the services page it: newest first by
(time, entry id), and a cursor that names the position of the last entry served."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.portal.application.ports import Json, ListPage
from tests.unit.portal.service_fakes import FakeService

START = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def entry(
    entry_id: str,
    minute: float,
    action: str = "round.run",
    *,
    actor_id: str = "emea-admin",
    target: str | None = None,
    changes: dict[str, Any] | None = None,
) -> Json:
    """An entry as shared/http/audit_api.py serves it, `minute` minutes after START."""
    return {
        "entry_id": entry_id,
        "at": (START + timedelta(minutes=minute)).isoformat().replace("+00:00", "Z"),
        "actor_id": actor_id,
        "action": action,
        "program_id": "emea-2026",
        "target": target,
        "changes": changes or {},
        "redacted": False,
    }


def _position(item: Json) -> tuple[str, str]:
    return (str(item["at"]), str(item["entry_id"]))


class FakeAuditTrail(FakeService):
    """`largest_page` stands for the service's own cap on a page (200 for the real ones)."""

    def __init__(self, entries: list[Json] | None = None, *, largest_page: int = 200) -> None:
        super().__init__()
        self.entries: list[Json] = list(entries or [])
        self.largest_page = largest_page

    def record(self, item: Json) -> None:
        self.entries.append(item)

    async def program_audit(
        self, token: str, program_id: str, *, limit: int, cursor: str | None
    ) -> ListPage:
        self._record("program_audit", program_id, limit, cursor)
        ordered = sorted(self.entries, key=_position, reverse=True)
        if cursor is not None:
            at, entry_id = cursor.split("|")
            ordered = [e for e in ordered if _position(e) < (at, entry_id)]
        served = ordered[: min(limit, self.largest_page)]
        more = len(ordered) > len(served)
        return ListPage(
            items=served,
            next_cursor="|".join(_position(served[-1])) if more and served else None,
            total=len(self.entries),
        )
