"""From the services' JSON to the portal's model (see domain/model.py).

Most pages show the services' JSON as it comes; what the portal merges or orders itself is read
here first, so a malformed answer is the answering service's failure, named, not a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.portal.application.ports import Json
from services.portal.domain.failures import Unavailable
from services.portal.domain.model import AuditEntry


def audit_entry_from(source: str, item: Json) -> AuditEntry:
    """An entry as shared/http/audit_api.py's AuditEntryView puts it on the wire."""
    try:
        at = datetime.fromisoformat(str(item["at"]).replace("Z", "+00:00"))
        entry_id = item["entry_id"]
        changes = item.get("changes") or {}
        target = item.get("target")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Unavailable(source, "unreadable_response") from None
    if not isinstance(entry_id, str) or not entry_id or not isinstance(changes, dict):
        raise Unavailable(source, "unreadable_response")
    return AuditEntry(
        source=source,
        entry_id=entry_id,
        at=(at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC),
        actor_id=str(item.get("actor_id") or ""),
        action=str(item.get("action") or ""),
        target=None if target is None else str(target),
        changes=changes,
        redacted=bool(item.get("redacted")),
    )
