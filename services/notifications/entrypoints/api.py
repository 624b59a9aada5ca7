"""The notifications HTTP API: inbox, preferences, and the program admins' contact details.

Inbox and preferences are personal: only the person themselves (token subject) and platform
admins may read or change them. Admin contacts belong to a program: its admins manage them,
and each change goes on the program's audit trail (`audit_api.py` reads it).

The routes live at module level and take their collaborators as `Annotated` dependencies
(`dependencies.py`), which read the `NotificationsApi` the composition root keeps on `app.state`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Header, Query, Response

from services.notifications.entrypoints.dependencies import (
    STATE_NAME,
    AdminContactsBook,
    DefaultPreferences,
    Inbox,
    InboxPaging,
    NotificationsApi,
    PersonalPreferences,
    Programs,
    ServiceClock,
    require_program_admin,
    require_self,
)
from services.notifications.entrypoints.schemas import (
    AdminContactBody,
    AdminContactView,
    InboxMessage,
    InboxPage,
    MarkedRead,
    MarkRead,
    PreferencesBody,
)
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.errors import NotFound
from shared.http.pagination import Cursor, CursorCodec, InvalidCursor, Limit, page_of
from shared.http.paths import IdPath
from shared.http.strict_body import QueryFlag, strict_json

__all__ = ["STATE_NAME", "NotificationsApi", "router"]

CorrelationHeader = Annotated[
    UUID,
    Header(
        alias="X-Correlation-ID",
        default_factory=uuid4,
        description="Names the change on the audit trail: the same id again is recorded once",
    ),
]


_INBOX = CursorCodec("notifications.inbox")
MarkReadBody = Annotated[MarkRead, strict_json(MarkRead)]
StrictPreferencesBody = Annotated[PreferencesBody, strict_json(PreferencesBody)]
StrictAdminContactBody = Annotated[AdminContactBody, strict_json(AdminContactBody)]

router = APIRouter(
    prefix="/notifications",
    tags=["notifications"],
    responses=error_responses(401, 403, 404, 422, 503),
)


@router.get("/inbox/{recipient_id}", response_model=InboxPage)
async def list_inbox(
    recipient_id: IdPath,
    principal: CurrentPrincipal,
    pages: InboxPaging,
    unread_only: Annotated[QueryFlag, Query(description="only messages not read yet")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> InboxPage:
    """The person's in-app messages, newest first."""
    require_self(principal, recipient_id)
    filters = {"recipient": recipient_id, "unread_only": unread_only}
    position = _INBOX.decode(cursor, filters, 2)
    after = None
    if position is not None:
        try:
            after = (datetime.fromisoformat(str(position[0])), str(position[1]))
        except ValueError:
            raise InvalidCursor() from None
    items, total = await pages.page(recipient_id, unread_only=unread_only, after=after, limit=limit)
    page = page_of(
        items,
        limit=limit,
        total=total,
        position_of=lambda item: (item.created_at.isoformat(), item.item_id),
        view=InboxMessage.of,
        codec=_INBOX,
        filters=filters,
    )
    return InboxPage(items=page.items, next_cursor=page.next_cursor, total=total)


@router.post("/inbox/{recipient_id}/read", response_model=MarkedRead)
async def mark_read(
    recipient_id: IdPath,
    body: MarkReadBody,
    principal: CurrentPrincipal,
    inbox: Inbox,
    clock: ServiceClock,
) -> MarkedRead:
    require_self(principal, recipient_id)
    ids = None if body.all else body.message_ids
    return MarkedRead(marked=await inbox.mark_read(recipient_id, ids, clock.now()))


@router.get("/preferences/{recipient_id}", response_model=PreferencesBody)
async def get_preferences(
    recipient_id: IdPath,
    principal: CurrentPrincipal,
    preferences: PersonalPreferences,
    defaults: DefaultPreferences,
) -> PreferencesBody:
    require_self(principal, recipient_id)
    stored = (await preferences.get_many([recipient_id])).get(recipient_id, defaults)
    return PreferencesBody.of(stored)


@router.put("/preferences/{recipient_id}", response_model=PreferencesBody)
async def put_preferences(
    recipient_id: IdPath,
    body: StrictPreferencesBody,
    principal: CurrentPrincipal,
    preferences: PersonalPreferences,
) -> PreferencesBody:
    require_self(principal, recipient_id)
    await preferences.put(recipient_id, body.to_domain())
    return PreferencesBody.of(body.to_domain())


@router.get("/programs/{program_id}/admin-contacts", response_model=list[AdminContactView])
async def list_admin_contacts(
    program_id: IdPath, principal: CurrentPrincipal, programs: Programs, book: AdminContactsBook
) -> list[AdminContactView]:
    await require_program_admin(programs, principal, program_id)
    return [AdminContactView.of(c) for c in await book.list(program_id)]


@router.put("/programs/{program_id}/admin-contacts/{admin_id}", response_model=AdminContactView)
async def put_admin_contact(
    program_id: IdPath,
    admin_id: IdPath,
    body: StrictAdminContactBody,
    principal: CurrentPrincipal,
    programs: Programs,
    book: AdminContactsBook,
    correlation: CorrelationHeader,
) -> AdminContactView:
    """Recorded on the program's audit trail as `admin_contact.added` or `.changed`, with the
    names of the fields that changed."""
    await require_program_admin(programs, principal, program_id)
    contact = body.to_domain(program_id, admin_id)
    await book.put(principal, contact, unit=correlation)
    return AdminContactView.of(contact)


@router.delete("/programs/{program_id}/admin-contacts/{admin_id}", status_code=204)
async def delete_admin_contact(
    program_id: IdPath,
    admin_id: IdPath,
    principal: CurrentPrincipal,
    programs: Programs,
    book: AdminContactsBook,
    correlation: CorrelationHeader,
) -> Response:
    """Recorded on the program's audit trail as `admin_contact.removed`."""
    await require_program_admin(programs, principal, program_id)
    if not await book.remove(principal, program_id, admin_id, unit=correlation):
        raise NotFound("admin contact")
    return Response(status_code=204)
