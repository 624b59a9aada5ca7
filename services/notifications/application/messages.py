"""Writing the message of one delivery (or of one daily digest) for its recipient."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from services.notifications.application.occasions import occasion_for
from services.notifications.application.ports import DeliveryStore
from services.notifications.application.recipients import (
    DEFAULT_PROGRAM_NAME,
    Recipient,
    RecipientResolver,
    compose_facts,
)
from services.notifications.domain.calendar_invitations import render_calendars
from services.notifications.domain.digest import shown_entries
from services.notifications.domain.model import (
    Attachment,
    Audience,
    Channel,
    Contact,
    DeliveryError,
    DeliveryRecord,
    Occasion,
    ProgramProfile,
    Rendered,
    Status,
)
from services.notifications.domain.portal_links import portal_link, preferences_url
from services.notifications.domain.rendering import EntryList, Fact, render
from services.notifications.domain.series_calendar import Attendee, CalendarStyle
from shared.events import EventDecodeError, decode_event


@dataclass(frozen=True, slots=True)
class Written:
    rendered: Rendered
    attachment: Attachment | None = None
    mentions: tuple[str, ...] = ()
    """Other participants the text names (for redaction if they are erased)."""


class WaitingForPartner(Exception):
    """The message names the recipient's partner, whose contact has not arrived yet: it waits
    (bounded by `partner_wait`) rather than saying "your partner"."""

    def __init__(self, until: datetime) -> None:
        super().__init__("partner contact not known yet")
        self.until = until


def occasion_of(record: DeliveryRecord) -> Occasion:
    return _occasion(record)


def _occasion(record: DeliveryRecord) -> Occasion:
    if record.cause is None:
        raise DeliveryError("missing_cause", transient=False)
    try:
        occasion = _occasion_of_cause(record.cause)
    except EventDecodeError as error:
        raise DeliveryError("undecodable_cause", transient=False, detail=error.reason) from None
    if occasion is None:
        raise DeliveryError("no_template", transient=False)
    return occasion


@lru_cache(maxsize=128)
def _occasion_of_cause(cause: str) -> Occasion | None:
    """A delivery's occasion is asked for several times on its way out (gates, mentions,
    rendering), and an event's deliveries share it: the event is decoded once. Small: the
    deliveries in flight, so no event outlives its sending here for long."""
    return occasion_for(decode_event(cause))


class MessageWriter:
    def __init__(
        self,
        *,
        deliveries: DeliveryStore,
        resolver: RecipientResolver,
        app_url: str,
        organizer: str = "programs@twoway.invalid",
        partner_wait: timedelta = timedelta(minutes=10),
        partner_retry: timedelta = timedelta(seconds=20),
        now: Callable[[], datetime] | None = None,
        on_fallback: Callable[[str], None] | None = None,
    ) -> None:
        self._deliveries = deliveries
        self._resolver = resolver
        self._app_url = app_url.rstrip("/")
        self._organizer = organizer
        self._partner_wait = partner_wait
        self._partner_retry = partner_retry
        self._now = now
        self._on_fallback = on_fallback

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
        people, erased = await resolver.lookup(occasion.mentions) if personal else ({}, set())
        names = {pid: contact.display_name for pid, contact in people.items()}
        self._check_partner(record, occasion, names, erased)
        facts = compose_facts(record, occasion, recipient, program, names, app_url=self._app_url)
        rendered = render(
            record.template,
            recipient.locale,
            facts,
            timezone=recipient.timezone,
            personal=personal,
        )
        attachment = occasion.attachment
        if occasion.calendar is not None and record.channel is Channel.EMAIL:
            attachment = self._invitation(occasion, people, program)
        return Written(
            rendered=rendered,
            attachment=attachment if record.channel is Channel.EMAIL else None,
            mentions=tuple(m for m in occasion.mentions if m != record.recipient_id and m in names),
        )

    def _check_partner(
        self, record: DeliveryRecord, occasion: Occasion, names: dict[str, str], erased: set[str]
    ) -> None:
        if occasion.pair is None or record.recipient_id not in occasion.pair:
            return
        if record.audience is not Audience.PARTICIPANT:
            return
        partner = next(p for p in occasion.pair if p != record.recipient_id)
        if partner in names or partner in erased:
            return
        now = self._now() if self._now else None
        if now is not None and now < record.occurred_at + self._partner_wait:
            raise WaitingForPartner(
                min(now + self._partner_retry, record.occurred_at + self._partner_wait)
            )
        if self._on_fallback is not None:
            self._on_fallback(record.template)

    def _invitation(
        self,
        occasion: Occasion,
        people: dict[str, Contact],
        program: ProgramProfile | None,
    ) -> Attachment | None:
        assert occasion.calendar is not None
        program_name = program.display_name if program else DEFAULT_PROGRAM_NAME
        who = " & ".join(c.display_name for pid in occasion.participants if (c := people.get(pid)))
        summary = f"{program_name}: {who}" if who else program_name
        attendees = [
            Attendee(address=contact.email, name=contact.display_name)
            for pid in occasion.participants
            if (contact := people.get(pid)) is not None and contact.email
        ]
        style = CalendarStyle(
            organizer=self._organizer,
            organizer_name=program_name,
            summary=summary,
            description=portal_link(
                "series_invitation",
                occasion.program_id,
                {"pair_id": occasion.calendar.pair_id},
                admin=False,
                app_url=self._app_url,
            ),
        )
        calendars = render_calendars(occasion.calendar, attendees, style)
        if not calendars:  # nothing left in any calendar to change
            return None
        first, *others = calendars
        return Attachment(ics=first.ics, method=first.method, extra=tuple(m.ics for m in others))

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
            "settings_url": preferences_url(self._app_url),
            "link": portal_link(
                "digest", record.program_id, {}, admin=False, app_url=self._app_url
            ),
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
