"""What the notifications routes work with, built once by the composition root and kept on
`app.state.notifications`; each route names the collaborators it needs as `Annotated`
parameters. Also who may read or change what: a person's own inbox and preferences, a
program's admin contacts and audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.notifications.application.admin_contacts import AdminContactBook
from services.notifications.application.ports import (
    InboxPages,
    InboxStore,
    PreferenceStore,
    ProgramDirectory,
)
from services.notifications.domain.model import Preferences
from shared.clock import Clock
from shared.http.auth import Forbidden, Principal
from shared.storage.audit import AuditTrail


@dataclass(frozen=True)
class NotificationsApi:
    """The stores and use cases behind the HTTP API."""

    inbox: InboxStore
    inbox_pages: InboxPages
    preferences: PreferenceStore
    default_preferences: Preferences
    programs: ProgramDirectory
    admin_contacts: AdminContactBook
    audit: AuditTrail
    clock: Clock


STATE_NAME = "notifications"


def notifications_api(request: Request) -> NotificationsApi:
    api: NotificationsApi = getattr(request.app.state, STATE_NAME)
    return api


Api = Annotated[NotificationsApi, Depends(notifications_api)]


def _inbox(api: Api) -> InboxStore:
    return api.inbox


def _inbox_pages(api: Api) -> InboxPages:
    return api.inbox_pages


def _preferences(api: Api) -> PreferenceStore:
    return api.preferences


def _programs(api: Api) -> ProgramDirectory:
    return api.programs


def _admin_contacts(api: Api) -> AdminContactBook:
    return api.admin_contacts


def _audit(api: Api) -> AuditTrail:
    return api.audit


def _clock(api: Api) -> Clock:
    return api.clock


def _default_preferences(api: Api) -> Preferences:
    return api.default_preferences


Inbox = Annotated[InboxStore, Depends(_inbox)]
InboxPaging = Annotated[InboxPages, Depends(_inbox_pages)]
PersonalPreferences = Annotated[PreferenceStore, Depends(_preferences)]
Programs = Annotated[ProgramDirectory, Depends(_programs)]
AdminContactsBook = Annotated[AdminContactBook, Depends(_admin_contacts)]
Audit = Annotated[AuditTrail, Depends(_audit)]
ServiceClock = Annotated[Clock, Depends(_clock)]
DefaultPreferences = Annotated[Preferences, Depends(_default_preferences)]


def require_self(principal: Principal, recipient_id: str) -> None:
    if not (principal.is_platform_admin or principal.subject == recipient_id):
        raise Forbidden("only the recipient may see or change this")


async def require_program_admin(
    programs: ProgramDirectory, principal: Principal, program_id: str
) -> None:
    program = await programs.get(program_id)
    principal.require_admin_of(program_id, program.region if program else None)
