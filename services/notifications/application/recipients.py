"""Who exactly a delivery goes to at send time, and the facts its message is written from."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from services.notifications.application.ports import AdminContacts
from services.notifications.domain.model import (
    Audience,
    Channel,
    Contact,
    DeliveryRecord,
    Occasion,
    Preferences,
    ProgramProfile,
)
from services.notifications.domain.portal_links import portal_link, preferences_url
from services.notifications.domain.rendering import Fact, Label, choose_locale

DEFAULT_PROGRAM_NAME = "Twoway"


@dataclass(frozen=True, slots=True)
class Recipient:
    contact: Contact | None
    erased: bool
    preferences: Preferences
    locale: str
    timezone: str | None
    address: str | None
    """Email address, webhook URL, or the recipient id for the inbox; None if unreachable."""
    mention: str = ""


class ContactLookup(Protocol):
    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]: ...


class PreferenceLookup(Protocol):
    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]: ...


class ContactsOnce:
    """People's contacts for a handful of deliveries, read in one query.

    Ids not read up front are read on demand (and kept); an erasure checked after an inbox
    write goes to the store itself, never here (see `RecipientResolver.is_erased`).
    """

    def __init__(self, contacts: ContactLookup) -> None:
        self._contacts = contacts
        self._known: dict[str, Contact] = {}
        self._erased: set[str] = set()
        self._read: set[str] = set()

    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        missing = [i for i in dict.fromkeys(ids) if i not in self._read]
        if missing:  # nothing to read: no query
            known, erased = await self._contacts.get_many(missing)
            self._known.update(known)
            self._erased.update(erased)
            self._read.update(missing)
        return (
            {i: self._known[i] for i in ids if i in self._known},
            {i for i in ids if i in self._erased},
        )


class PreferencesOnce:
    """People's notification preferences for a handful of deliveries, read in one query."""

    def __init__(self, preferences: PreferenceLookup) -> None:
        self._preferences = preferences
        self._known: dict[str, Preferences] = {}
        self._read: set[str] = set()

    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]:
        missing = [i for i in dict.fromkeys(ids) if i not in self._read]
        if missing:
            self._known.update(await self._preferences.get_many(missing))
            self._read.update(missing)
        return {i: self._known[i] for i in ids if i in self._known}


class RecipientResolver:
    def __init__(
        self,
        *,
        contacts: ContactLookup,
        admins: AdminContacts,
        preferences: PreferenceLookup,
        default_preferences: Preferences | None = None,
    ) -> None:
        self._contacts = contacts
        self._admins = admins
        self._preferences = preferences
        self._defaults = default_preferences or Preferences()
        self._fresh_contacts = contacts

    async def for_handful(
        self, records: Sequence[DeliveryRecord], mentioned: Iterable[str] = ()
    ) -> RecipientResolver:
        """A resolver for these deliveries that reads everyone's contact and preferences once:
        two queries for the handful instead of two or three per delivery. Erasure checks
        after a write still read the store."""
        people = [r.recipient_id for r in records if r.audience is Audience.PARTICIPANT]
        everyone = [r.recipient_id for r in records if r.audience is not Audience.PROGRAM_CHANNEL]
        contacts = ContactsOnce(self._contacts)
        preferences = PreferencesOnce(self._preferences)
        await asyncio.gather(
            contacts.get_many([*people, *mentioned]), preferences.get_many(everyone)
        )
        resolver = RecipientResolver(
            contacts=contacts,
            admins=self._admins,
            preferences=preferences,
            default_preferences=self._defaults,
        )
        resolver._fresh_contacts = self._fresh_contacts
        return resolver

    async def resolve(self, record: DeliveryRecord, program: ProgramProfile | None) -> Recipient:
        program_locales = program.locales if program else ()
        program_tz = program.timezone if program else None
        webhook = program.chat_webhook_url if program else None
        if record.audience is Audience.PROGRAM_CHANNEL:
            return Recipient(
                contact=None,
                erased=False,
                preferences=Preferences(),
                locale=choose_locale(None, (), program_locales),
                timezone=program_tz,
                address=webhook,
            )
        rid = record.recipient_id
        erased = False
        if record.audience is Audience.ADMIN:
            contact = (await self._admins.get_many(record.program_id, [rid])).get(rid)
        else:
            known, erased_ids = await self._contacts.get_many([rid])
            contact, erased = known.get(rid), rid in erased_ids
        preferences = (await self._preferences.get_many([rid])).get(rid, self._defaults)
        address: str | None
        mention = ""
        if record.channel is Channel.INBOX:
            address = None if erased else rid
        elif record.channel is Channel.EMAIL:
            address = contact.email if contact else None
        else:
            handle = contact.chat_handle if contact else None
            address = webhook if handle else None
            mention = f"@{handle.lstrip('@')} " if handle else ""
        return Recipient(
            contact=contact,
            erased=erased,
            preferences=preferences,
            locale=choose_locale(
                contact.locale if contact else None,
                contact.languages if contact else (),
                program_locales,
            ),
            timezone=preferences.timezone or (contact.timezone if contact else program_tz),
            address=address,
            mention=mention,
        )

    async def is_erased(self, participant_id: str) -> bool:
        _known, erased = await self._fresh_contacts.get_many([participant_id])
        return participant_id in erased

    async def names(self, ids: tuple[str, ...]) -> dict[str, str]:
        return {pid: contact.display_name for pid, contact in (await self.people(ids)).items()}

    async def people(self, ids: tuple[str, ...]) -> dict[str, Contact]:
        return (await self.lookup(ids))[0]

    async def lookup(self, ids: tuple[str, ...]) -> tuple[dict[str, Contact], set[str]]:
        """(known contacts, erased ids): an erased person is not waited for."""
        if not ids:
            return {}, set()
        return await self._contacts.get_many(list(ids))


def compose_facts(
    record: DeliveryRecord,
    occasion: Occasion,
    recipient: Recipient,
    program: ProgramProfile | None,
    names: Mapping[str, str],
    *,
    app_url: str,
) -> dict[str, Fact]:
    """The occasion's facts plus what depends on who reads it (partner, role, names, links)."""
    facts: dict[str, Fact] = dict(occasion.facts)
    facts["program_name"] = program.display_name if program else DEFAULT_PROGRAM_NAME
    facts["mention"] = recipient.mention
    facts["settings_url"] = preferences_url(app_url)
    if recipient.contact is not None:
        facts["recipient_name"] = recipient.contact.display_name
    link = portal_link(
        record.template,
        record.program_id,
        facts,
        admin=record.audience is Audience.ADMIN,
        app_url=app_url,
    )
    if link:
        facts["link"] = link
    if "request_id" in facts:
        facts["feedback_url"] = link
    facts["timezone"] = recipient.timezone or "UTC"
    if occasion.pair is None:
        return facts
    junior, senior = occasion.pair
    participant = Label("fallback", "participant")
    if record.audience is Audience.PROGRAM_CHANNEL:
        # A shared channel gets pair ids only, never names.
        return facts
    facts["junior_name"] = names.get(junior) or participant
    facts["senior_name"] = names.get(senior) or participant
    if record.recipient_id in (junior, senior):
        is_junior = record.recipient_id == junior
        partner = senior if is_junior else junior
        # Only after the bounded wait for the partner's contact (see MessageWriter): their
        # role, never a stand-in like "your partner".
        facts["partner_name"] = names.get(partner) or Label(
            "partner_fallback", "senior" if is_junior else "junior"
        )
        facts["role"] = Label("role", "junior" if is_junior else "senior")
        facts["partner_role"] = Label("role", "senior" if is_junior else "junior")
    return facts
