"""Enrolment from the company directory over matching's HTTP API, and the directory's own
audit trail (see application/ports.ProvisioningApi)."""

from __future__ import annotations

from urllib.parse import quote

from services.portal.adapters.service_client import ServiceClient
from services.portal.application.ports import Json, ListPage
from services.portal.domain.failures import Unavailable


class ProvisioningHttp:
    def __init__(self, matching: ServiceClient, directory: ServiceClient | None) -> None:
        self._matching = matching
        self._directory = directory

    async def search_directory(
        self, token: str, *, q: str | None, limit: int, cursor: str | None
    ) -> ListPage:
        return await self._matching.page(
            "/directory/people", token, limit=limit, cursor=cursor, filters={"q": q}
        )

    async def enrol(self, token: str, program_id: str, body: Json) -> Json:
        path = f"/programs/{quote(program_id, safe='')}/enrolments"
        return dict(await self._matching.json("POST", path, token, json=body))

    async def directory_audit(self, token: str, *, limit: int, cursor: str | None) -> ListPage:
        if self._directory is None:
            raise Unavailable("directory", "not_configured")
        return await self._directory.page("/audit", token, limit=limit, cursor=cursor, filters={})
