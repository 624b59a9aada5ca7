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

    async def enrolment_rules(self, token: str, program_id: str) -> Json:
        path = f"/programs/{quote(program_id, safe='')}/enrolment-rules"
        return dict(await self._matching.json("GET", path, token))

    async def set_enrolment_rules(self, token: str, program_id: str, body: Json) -> Json:
        path = f"/programs/{quote(program_id, safe='')}/enrolment-rules"
        return dict(await self._matching.json("PUT", path, token, json=body))

    async def invite(self, token: str, program_id: str, body: Json) -> Json:
        path = f"/programs/{quote(program_id, safe='')}/invitations"
        return dict(await self._matching.json("POST", path, token, json=body))

    async def open_invitations(self, token: str, person_id: str) -> list[Json]:
        path = f"/participants/{quote(person_id, safe='')}/invitations"
        return list(await self._matching.json("GET", path, token))

    async def answer_invitation(
        self, token: str, person_id: str, program_id: str, *, accept: bool
    ) -> Json | None:
        path = (
            f"/participants/{quote(person_id, safe='')}/invitations/"
            f"{quote(program_id, safe='')}/{'accept' if accept else 'decline'}"
        )
        answer = await self._matching.json("POST", path, token)
        return dict(answer) if answer else None

    async def directory_audit(self, token: str, *, limit: int, cursor: str | None) -> ListPage:
        if self._directory is None:
            raise Unavailable("directory", "not_configured")
        return await self._directory.page("/audit", token, limit=limit, cursor=cursor, filters={})
