"""Hand-written fakes of what the HTTP routes read besides the stores in `fakes.py`: the
inbox by page and the program's audit trail."""

from __future__ import annotations

from datetime import datetime

from services.notifications.domain.model import InboxItem
from tests.unit.notifications.channel_fakes import FakeInbox


class FakeInboxPages:
    """Pages over the fake inbox, newest first, keyed on (created_at, id) like MongoDB's."""

    def __init__(self, inbox: FakeInbox) -> None:
        self._inbox = inbox

    async def page(
        self,
        recipient_id: str,
        *,
        unread_only: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> tuple[list[InboxItem], int]:
        mine = sorted(
            (
                i
                for i in self._inbox.items.values()
                if i.recipient_id == recipient_id and (not unread_only or i.read_at is None)
            ),
            key=lambda i: (i.created_at, i.item_id),
            reverse=True,
        )
        later = [i for i in mine if after is None or (i.created_at, i.item_id) < after]
        return later[: limit + 1], len(mine)
