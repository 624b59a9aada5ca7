"""One service's audit trail of a program over HTTP (see application/ports.ProgramAuditApi)."""

from __future__ import annotations

from urllib.parse import quote

from services.portal.adapters.service_client import ServiceClient
from services.portal.application.ports import ListPage


class ProgramAuditHttp:
    """`GET /programs/{program_id}/audit` of matching, scheduling or notifications."""

    def __init__(self, client: ServiceClient) -> None:
        self._c = client

    async def program_audit(
        self, token: str, program_id: str, *, limit: int, cursor: str | None
    ) -> ListPage:
        path = f"/programs/{quote(program_id, safe='')}/audit"
        return await self._c.page(path, token, limit=limit, cursor=cursor, filters={})
