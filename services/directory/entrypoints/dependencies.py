"""What the directory's routes work with, built once by the composition root and kept on
`app.state.directory`; each route names the collaborators it needs as `Annotated` parameters.
`Connection` is the identity-provider connection the bearer token names (401 if none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.directory.application.provisioning import Provisioning
from services.directory.entrypoints.connections import ConnectionTokens
from shared.storage.audit import AuditTrail


@dataclass(frozen=True)
class DirectoryApi:
    """The provisioning use cases, the connections' token hashes, the largest SCIM body
    accepted, and the audit trail."""

    provisioning: Provisioning
    tokens: ConnectionTokens
    max_body_bytes: int
    trail: AuditTrail


STATE_NAME = "directory"


def directory_api(request: Request) -> DirectoryApi:
    api: DirectoryApi = getattr(request.app.state, STATE_NAME)
    return api


Api = Annotated[DirectoryApi, Depends(directory_api)]


def _connection(request: Request, api: Api) -> str:
    return api.tokens.connection_of(request)


def _provisioning(api: Api) -> Provisioning:
    return api.provisioning


def _max_body_bytes(api: Api) -> int:
    return api.max_body_bytes


def _trail(api: Api) -> AuditTrail:
    return api.trail


Connection = Annotated[str, Depends(_connection)]
ProvisioningCases = Annotated[Provisioning, Depends(_provisioning)]
MaxBodyBytes = Annotated[int, Depends(_max_body_bytes)]
Trail = Annotated[AuditTrail, Depends(_trail)]
