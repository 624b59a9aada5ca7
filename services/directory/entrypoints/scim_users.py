"""The SCIM User the directory serves, and its mapping to and from the domain's person.

Only what a mentoring program needs is kept: names, emails, active, language, locale and time
zone. Anything else (addresses, phone numbers, photos, passwords...) is not in the published
schema, so a request carrying it is refused rather than silently stored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from scim2_models import (
    URN,
    ComplexAttribute,
    Context,
    Email,
    Meta,
    Name,
    Required,
    Resource,
    Schema,
    Uniqueness,
)

from services.directory.domain.person import Person, PersonDraft
from shared.events.timezones import known_zones

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
_EVENT_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_NAME_LIMIT = 200
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


class DirectoryUser(Resource[Any]):
    __schema__ = URN(USER_SCHEMA)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """Unique identifier for the User, typically the one they sign in with."""

    name: Name | None = None
    """The components of the user's real name."""

    Name: ClassVar[type[ComplexAttribute]] = Name

    display_name: str | None = None
    """The name of the User, suitable for display to end-users."""

    title: str | None = None
    """The user's title, such as "Vice President"."""

    preferred_language: str | None = None
    """The User's preferred written or spoken language (e.g. "en-US")."""

    locale: str | None = None
    """The User's default location for localized formats (e.g. "en-US")."""

    timezone: str | None = None
    """The User's time zone, in the IANA Time Zone database format."""

    active: bool | None = None
    """The User's administrative status."""

    emails: list[Email] | None = None
    """Email addresses for the user."""

    Emails: ClassVar[type[ComplexAttribute]] = Email


def user_schema() -> Schema:
    schema = DirectoryUser.to_schema()
    schema.name = "User"
    schema.description = "User Account"
    return schema


def _display_name(user: DirectoryUser) -> str | None:
    candidates = [user.display_name]
    if user.name is not None:
        candidates.append(user.name.formatted)
        joined = " ".join(p for p in (user.name.given_name, user.name.family_name) if p)
        candidates.append(joined)
    for candidate in candidates:
        if candidate and candidate.strip() and len(candidate.strip()) <= _NAME_LIMIT:
            return candidate.strip()
    return None


def _work_email(emails: list[Email]) -> str | None:
    """The work address (the primary one first), else the primary, else the first; only an
    address other services can deliver to is passed on."""
    ranked = sorted(
        emails,
        key=lambda e: (str(e.type or "") != "work", not e.primary),
    )
    for email in ranked:
        if email.value and len(email.value) <= 254 and _EVENT_EMAIL.match(email.value):
            return email.value
    return None


def _language(user: DirectoryUser) -> str | None:
    """preferredLanguage (else locale) as a tag programs accept: "en_US" becomes "en-US";
    RFC 7231 lists ("en-US,en;q=0.8") give their first entry."""
    for candidate in (user.preferred_language, user.locale):
        found = _LANGUAGE_TAG.match((candidate or "").strip())
        if found:
            primary, region = found.group(1).lower(), found.group(2)
            return f"{primary}-{region}" if region else primary
    return None


def _timezone(user: DirectoryUser) -> str | None:
    """Only a zone of the tz database every service knows is passed on."""
    zone = (user.timezone or "").strip()
    return zone if zone in known_zones() else None


def draft_of(user: DirectoryUser) -> PersonDraft:
    """The domain's view of a validated User (request context: no id, no meta)."""
    attributes = user.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    for read_only in ("schemas", "id", "meta"):
        attributes.pop(read_only, None)
    emails = [e for e in (user.emails or []) if e.value]
    return PersonDraft(
        user_name=user.user_name or "",
        attributes=attributes,
        external_id=user.external_id,
        display_name=_display_name(user),
        work_email=_work_email(emails),
        emails=tuple(str(e.value) for e in emails),
        work_emails=tuple(str(e.value) for e in emails if str(e.type or "") == "work"),
        active=user.active is not False,
        language=_language(user),
        timezone=_timezone(user),
    )


def user_of(person: Person, base_url: str) -> DirectoryUser:
    """The stored person as a full User resource (the caller picks what a response returns)."""
    payload = {
        **person.draft.attributes,
        "schemas": [USER_SCHEMA],
        "id": person.person_id,
    }
    user = DirectoryUser.model_validate(payload)
    user.meta = Meta(
        resource_type="User",
        created=person.created_at,
        last_modified=person.modified_at,
        location=f"{base_url}/Users/{person.person_id}",
        version=etag_of(person),
    )
    return user


def etag_of(person: Person) -> str:
    return f'W/"{person.version}"'


def version_in(if_match: str | None) -> int | None:
    """The version an If-Match header pins, None when absent or `*`."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() else -1  # an unknown tag matches no version
