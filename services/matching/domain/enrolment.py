"""Enrolment from the company directory: a provisioned person's program profile, built from
what the directory knows of them plus the terms the admin enrols them on.

Pure: the directory knows who someone is (name, email, language, time zone, department, where
they work); the program part (skills, goals, availability, capacity) is theirs to fill in later
in the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PORTAL_LOCALES = ("en", "de", "fr", "es", "ja")
DEFAULT_TIMEZONE = "UTC"
DEFAULT_LANGUAGE = "en"
NOT_GIVEN = "not given"
"""Department or location the directory does not provide and the admin left open."""


@dataclass(frozen=True, slots=True)
class DirectoryPerson:
    """A person as the directory last described them to matching."""

    person_id: str
    version: int
    active: bool
    display_name: str | None = None
    email: str | None = None
    language: str | None = None
    timezone: str | None = None
    department: str | None = None
    location: str | None = None

    @property
    def enrollable(self) -> bool:
        """Only someone active, with a name and an address programs can write to."""
        return self.active and bool(self.display_name) and bool(self.email)


@dataclass(frozen=True, slots=True)
class EnrolmentTerms:
    """What the admin decides for everyone enrolled at once. The department and location
    stand in where the directory gives none: the directory knows each person's own."""

    role: str
    seniority_level: int
    department: str | None = None
    location: str | None = None


def portal_locale(language: str | None) -> str | None:
    primary = (language or "").split("-", 1)[0].lower()
    return primary if primary in PORTAL_LOCALES else None


def profile_for(person: DirectoryPerson, terms: EnrolmentTerms) -> dict[str, Any]:
    """The program profile of a directory person (to be validated as a ParticipantProfile)."""
    return {
        "participant_id": person.person_id,
        "role": terms.role,
        "display_name": person.display_name,
        "email": person.email,
        "department": person.department or terms.department or NOT_GIVEN,
        "location": person.location or terms.location or NOT_GIVEN,
        "timezone": person.timezone or DEFAULT_TIMEZONE,
        "languages": [person.language or DEFAULT_LANGUAGE],
        "seniority_level": terms.seniority_level,
        "locale": portal_locale(person.language),
    }
