"""The SCIM User the directory serves: what the directory reads out of one (the rules that turn
it into a person are `application/mapping.py`), and a stored person as a User.

Only what a mentoring program needs is kept: names, emails, active, language, locale, time
zone, addresses (programs read where a person works from them) and the enterprise extension
(programs read the department). Anything else (phone numbers, photos, passwords...) is not in
the published schema, so a request carrying it is refused rather than silently stored.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from scim2_models import (
    URN,
    Address,
    ComplexAttribute,
    Context,
    Email,
    EnterpriseUser,
    Meta,
    Name,
    Required,
    Resource,
    Schema,
    Uniqueness,
)

from services.directory.application.mapping import (
    ProvidedAddress,
    ProvidedEmail,
    ProvidedPerson,
    draft_from,
)
from services.directory.domain.model import Person, PersonDraft

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class DirectoryUser(Resource[EnterpriseUser]):
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

    addresses: list[Address] | None = None
    """Physical mailing addresses for this User; programs read the work address's place."""

    Addresses: ClassVar[type[ComplexAttribute]] = Address


def user_schema() -> Schema:
    schema = DirectoryUser.to_schema()
    schema.name = "User"
    schema.description = "User Account"
    return schema


def draft_of(user: DirectoryUser) -> PersonDraft:
    """The domain's view of a validated User (request context: no id, no meta)."""
    attributes = user.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    for read_only in ("schemas", "id", "meta"):
        attributes.pop(read_only, None)
    names: list[str | None] = [user.display_name]
    if user.name is not None:
        names.append(user.name.formatted)
        names.append(" ".join(p for p in (user.name.given_name, user.name.family_name) if p))
    emails = [
        ProvidedEmail(address=str(e.value), kind=str(e.type or ""), primary=bool(e.primary))
        for e in (user.emails or [])
        if e.value
    ]
    addresses = [
        ProvidedAddress(
            kind=str(a.type or ""),
            primary=bool(a.primary),
            locality=a.locality,
            region=a.region,
            country=a.country,
        )
        for a in (user.addresses or [])
    ]
    enterprise = user[EnterpriseUser]
    return draft_from(
        ProvidedPerson(
            user_name=user.user_name or "",
            attributes=attributes,
            external_id=user.external_id,
            names=names,
            emails=emails,
            active=user.active,
            languages=(user.preferred_language, user.locale),
            timezone=user.timezone,
            department=enterprise.department if enterprise is not None else None,
            addresses=addresses,
        )
    )


def user_of(person: Person, base_url: str) -> DirectoryUser:
    """The stored person as a full User resource (the caller picks what a response returns)."""
    attrs = person.draft.attributes
    payload = {
        **attrs,
        "schemas": [USER_SCHEMA, *([ENTERPRISE_SCHEMA] if ENTERPRISE_SCHEMA in attrs else [])],
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
