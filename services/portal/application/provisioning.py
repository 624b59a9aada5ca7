"""What the console's enrolment and audit pages need of the services: the company directory
as matching knows it, enrolment, and the audit trails of a program and of the directory."""

from __future__ import annotations

from typing import Protocol

from services.portal.application.ports import Json, ListPage


class ProvisioningApi(Protocol):
    async def search_directory(
        self, token: str, *, q: str | None, limit: int, cursor: str | None
    ) -> ListPage: ...

    async def enrol(self, token: str, program_id: str, body: Json) -> Json: ...

    async def program_audit(
        self, token: str, program_id: str, *, limit: int, cursor: str | None
    ) -> ListPage: ...

    async def directory_audit(self, token: str, *, limit: int, cursor: str | None) -> ListPage:
        """The directory's SCIM changes (platform admins); Unavailable when the portal is
        not told where the directory is."""
        ...
