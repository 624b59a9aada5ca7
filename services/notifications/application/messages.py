"""Writing the message of one delivery (or of one daily digest) for its recipient."""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications.application.occasions import occasion_for
from services.notifications.application.ports import (
    DeliveryError,
    DeliveryRecord,
    DeliveryStore,
    Status,
)
from services.notifications.application.recipients import (
    DEFAULT_PROGRAM_NAME,
    Recipient,
    RecipientResolver,
    compose_facts,
)
from services.notifications.domain.digest import shown_entries
from services.notifications.domain.model import (
    Attachment,
    Audience,
    Channel,
    Occasion,
    ProgramProfile,
    Rendered,
)
from services.notifications.domain.rendering import EntryList, Fact, render
from shared.events import EventDecodeError, decode_event


@dataclass(frozen=True, slots=True)
class Written:
    rendered: Rendered
    attachment: Attachment | None = None
    mentions: tuple[str, ...] = ()
    """Other participants the text names (for redaction if they are erased)."""


def _occasion(record: DeliveryRecord) -> Occasion:
    if record.cause is None:
        raise DeliveryError("missing_cause", transient=False)
    try:
        occasion = occasion_for(decode_event(record.cause))
    except EventDecodeError as error:
        raise DeliveryError("undecodable_cause", transient=False, detail=error.reason) from None
    if occasion is None:
        raise DeliveryError("no_template", transient=False)
    return occasion


class MessageWriter:
    def __init__(
        self, *, deliveries: DeliveryStore, resolver: RecipientResolver, app_url: str
    ) -> None:
        self._deliveries = deliveries
        self._resolver = resolver
        self._app_url = app_url.rstrip("/")

    def mentions(self, record: DeliveryRecord) -> tuple[str, ...]:
        """Whom the delivery's text will name (read ahead for a handful); () if unknown."""
        if record.item_ids or record.audience is Audience.PROGRAM_CHANNEL:
            return ()
        try:
            return _occasion(record).mentions
        except DeliveryError:
            return ()

    async def write(
        self,
        record: DeliveryRecord,
        recipient: Recipient,
        program: ProgramProfile | None,
        resolver: RecipientResolver | None = None,
    ) -> Written | None:
        resolver = resolver or self._resolver
        if record.item_ids:
            return await self._digest(record, recipient, program, resolver)
        occasion = _occasion(record)
        personal = record.audience is not Audience.PROGRAM_CHANNEL
        names = await resolver.names(occasion.mentions) if personal else {}
        facts = compose_facts(record, occasion, recipient, program, names, app_url=self._app_url)
        rendered = render(
            record.template,
            recipient.locale,
            facts,
            timezone=recipient.timezone,
            personal=personal,
        )
        return Written(
            rendered=rendered,
            attachment=occasion.attachment if record.channel is Channel.EMAIL else None,
            mentions=tuple(m for m in occasion.mentions if m != record.recipient_id and m in names),
        )

    async def _digest(
        self,
        record: DeliveryRecord,
        recipient: Recipient,
        program: ProgramProfile | None,
        resolver: RecipientResolver,
    ) -> Written | None:
        items = [
            item
            for item in await self._deliveries.get_many(record.item_ids)
            if item.status is Status.IN_DIGEST and item.cause
        ]
        entries: list[tuple[DeliveryRecord, Occasion]] = []
        for item in sorted(items, key=lambda i: (i.created_at, i.delivery_id)):
            try:
                entries.append((item, _occasion(item)))
            except DeliveryError:
                continue
        if not entries:
            return None
        mentioned = tuple(dict.fromkeys(m for _item, occ in entries for m in occ.mentions))
        names = await resolver.names(mentioned)
        lines = [
            render(
                item.template,
                recipient.locale,
                compose_facts(item, occasion, recipient, program, names, app_url=self._app_url),
                timezone=recipient.timezone,
                personal=False,
            ).subject
            for item, occasion in entries
        ]
        shown, extra = shown_entries(len(lines))
        facts: dict[str, Fact] = {
            "program_name": program.display_name if program else DEFAULT_PROGRAM_NAME,
            "settings_url": f"{self._app_url}/settings/notifications",
            "mention": recipient.mention,
            "count": len(lines),
            "entries": EntryList(tuple(lines[:shown]), extra),
        }
        if recipient.contact is not None:
            facts["recipient_name"] = recipient.contact.display_name
        rendered = render(
            "digest", recipient.locale, facts, timezone=recipient.timezone, personal=True
        )
        return Written(rendered=rendered, mentions=tuple(m for m in mentioned if m in names))
