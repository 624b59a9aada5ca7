"""Events of the `directory` stream (key: person_id): people provisioned by the company's IdP.

The directory service owns these. A person belongs to no program, so the envelope's
`program_id` names the directory itself (DIRECTORY_SCOPE); `connection_id` says which IdP
connection made the change. The person id is the participant id programs know them by.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Event, Identifier, ShortText
from shared.events.participants import LanguageCode, PersonEmail
from shared.events.timezones import IanaTimezone
from shared.events.wire_types import AS_WHOLE, UnitName

DIRECTORY_SCOPE = "directory"
"""The `program_id` of every directory event: the directory is not a program."""


class PersonProvisioned(Event):
    event_type: Literal["PersonProvisioned"] = "PersonProvisioned"
    person_id: Identifier
    connection_id: Identifier
    display_name: ShortText | None = None
    email: PersonEmail | None = None
    language: LanguageCode | None = None
    """The preferred language (SCIM preferredLanguage), when the provider names one."""
    timezone: IanaTimezone | None = None
    """The time zone (SCIM timezone), when the provider names a known one."""
    department: UnitName | None = None
    """The department (SCIM enterprise extension), when the provider names one."""
    location: UnitName | None = None
    """Where the person works: the city of their work address (else its region, else its
    country), when the provider gives one."""
    active: bool = True
    person_version: Annotated[int, Field(ge=1), AS_WHOLE] = 1


class PersonUpdated(Event):
    """A change of name, email, language, time zone, department, location or active flag (a
    reactivation is active=true). Carries the whole current picture, not only what changed."""

    event_type: Literal["PersonUpdated"] = "PersonUpdated"
    person_id: Identifier
    connection_id: Identifier
    display_name: ShortText | None = None
    email: PersonEmail | None = None
    language: LanguageCode | None = None
    timezone: IanaTimezone | None = None
    department: UnitName | None = None
    location: UnitName | None = None
    active: bool
    person_version: Annotated[int, Field(ge=2), AS_WHOLE]


class PersonDeactivated(Event):
    """The person left (active=false) or was deleted: their programs let them go."""

    event_type: Literal["PersonDeactivated"] = "PersonDeactivated"
    person_id: Identifier
    connection_id: Identifier
    deleted: bool = False
    person_version: Annotated[int, Field(ge=1), AS_WHOLE]
