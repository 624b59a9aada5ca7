"""Between the wire and the directory's domain: what an identity provider said about a person
becomes the directory's draft of them, and a stored person becomes the event programs hear.

The SCIM boundary reads a User's values out into `ProvidedPerson`; the rules of which name,
which address, which language and which time zone programs get are here, in plain values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.directory.domain.model import Person, PersonDraft
from shared.events import Event, PersonDeactivated
from shared.events.directory import DIRECTORY_SCOPE
from shared.events.factory import from_command
from shared.events.timezones import known_zones

_EVENT_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_NAME_LIMIT = 200
_UNIT_LIMIT = 100
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


@dataclass(frozen=True, slots=True)
class ProvidedEmail:
    """An address as the provider lists it: its kind ("work", "home"... or "") and whether
    it is the primary one."""

    address: str
    kind: str
    primary: bool


@dataclass(frozen=True, slots=True)
class ProvidedAddress:
    """A postal address as the provider lists it; only where it is, never the street."""

    kind: str
    primary: bool
    locality: str | None = None
    region: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ProvidedPerson:
    """What the provider said about a person, as plain values."""

    user_name: str
    attributes: Mapping[str, Any]
    """The provider's description as stored (SCIM core attributes without id, meta, schemas)."""
    external_id: str | None
    names: Sequence[str | None]
    """Candidates for the display name, best first."""
    emails: Sequence[ProvidedEmail]
    active: bool | None
    languages: Sequence[str | None]
    """Candidates for the preferred language, best first (preferredLanguage, then locale)."""
    timezone: str | None
    department: str | None = None
    addresses: Sequence[ProvidedAddress] = ()


def _display_name(names: Sequence[str | None]) -> str | None:
    for candidate in names:
        if candidate and candidate.strip() and len(candidate.strip()) <= _NAME_LIMIT:
            return candidate.strip()
    return None


def _work_email(emails: Sequence[ProvidedEmail]) -> str | None:
    """The work address (the primary one first), else the primary, else the first; only an
    address other services can deliver to is passed on."""
    ranked = sorted(emails, key=lambda e: (e.kind != "work", not e.primary))
    for email in ranked:
        if email.address and len(email.address) <= 254 and _EVENT_EMAIL.match(email.address):
            return email.address
    return None


def _language(candidates: Sequence[str | None]) -> str | None:
    """The first candidate as a tag programs accept: "en_US" becomes "en-US"; RFC 7231 lists
    ("en-US,en;q=0.8") give their first entry."""
    for candidate in candidates:
        found = _LANGUAGE_TAG.match((candidate or "").strip())
        if found:
            primary, region = found.group(1).lower(), found.group(2)
            return f"{primary}-{region}" if region else primary
    return None


def _timezone(zone: str | None) -> str | None:
    """Only a zone of the tz database every service knows is passed on."""
    zone = (zone or "").strip()
    return zone if zone in known_zones() else None


def _unit(value: str | None) -> str | None:
    """A department or place programs can keep (not blank, at most 100 characters)."""
    value = (value or "").strip()
    return value if value and len(value) <= _UNIT_LIMIT else None


def _location(addresses: Sequence[ProvidedAddress]) -> str | None:
    """The work address (the primary one first), else the primary, else the first: its city,
    else its region, else its country."""
    ranked = sorted(addresses, key=lambda a: (a.kind != "work", not a.primary))
    for address in ranked:
        for place in (address.locality, address.region, address.country):
            if _unit(place):
                return _unit(place)
    return None


def draft_from(provided: ProvidedPerson) -> PersonDraft:
    emails = [e for e in provided.emails if e.address]
    return PersonDraft(
        user_name=provided.user_name,
        attributes=provided.attributes,
        external_id=provided.external_id,
        display_name=_display_name(provided.names),
        work_email=_work_email(emails),
        emails=tuple(e.address for e in emails),
        work_emails=tuple(e.address for e in emails if e.kind == "work"),
        active=provided.active is not False,
        language=_language(provided.languages),
        timezone=_timezone(provided.timezone),
        department=_unit(provided.department),
        location=_location(provided.addresses),
    )


def event_for(person: Person, event_cls: type[Event], correlation: UUID, **extra: Any) -> Event:
    """The directory event of this version of the person (a deactivation carries no personal
    data); its id follows from the person and the version, so a retried write repeats it."""
    fields: dict[str, Any] = {
        "person_id": person.person_id,
        "connection_id": person.connection_id,
        "person_version": person.version,
        **extra,
    }
    if event_cls is not PersonDeactivated:
        fields["display_name"] = person.draft.display_name
        fields["email"] = person.draft.work_email
        fields["language"] = person.draft.language
        fields["timezone"] = person.draft.timezone
        fields["department"] = person.draft.department
        fields["location"] = person.draft.location
    return from_command(
        f"{person.person_id}:v{person.version}",
        event_cls,
        event_cls.__name__,
        now=person.modified_at,
        program_id=DIRECTORY_SCOPE,
        correlation_id=correlation,
        **fields,
    )
