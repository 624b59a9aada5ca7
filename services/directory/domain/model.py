"""A person in the company directory, as the identity provider describes them.

Pure: no framework, no wire format. `attributes` is the provider's description (SCIM core
attributes without `id`, `meta` and `schemas`); the fields beside it are what the directory
reads out of it and what the rest of Twoway hears about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class PersonDraft:
    """What a client asked the person to look like (a creation, a replacement or a patch)."""

    user_name: str
    attributes: Mapping[str, Any]
    external_id: str | None = None
    display_name: str | None = None
    work_email: str | None = None
    emails: Sequence[str] = ()
    work_emails: Sequence[str] = ()
    active: bool = True
    language: str | None = None
    """The preferred language as a language tag programs accept (e.g. "en" or "en-US")."""
    timezone: str | None = None
    """An IANA time-zone name programs accept."""
    department: str | None = None
    location: str | None = None
    """Where the person works (a city, else a region or country), as programs show it."""


@dataclass(frozen=True, slots=True)
class Person:
    person_id: str
    connection_id: str
    draft: PersonDraft
    version: int
    created_at: datetime
    modified_at: datetime
    deleted: bool = False

    @property
    def active(self) -> bool:
        return self.draft.active and not self.deleted


class Change(StrEnum):
    """What a change means to the programs the person is in."""

    NOTHING_VISIBLE = "nothing_visible"  # e.g. a title: no program needs to hear of it
    UPDATED = "updated"  # name, email, language, time zone, department, location, reactivation
    DEACTIVATED = "deactivated"


def change_between(before: PersonDraft, after: PersonDraft) -> Change:
    if before.active and not after.active:
        return Change.DEACTIVATED
    if _visible(before) != _visible(after):
        return Change.UPDATED
    return Change.NOTHING_VISIBLE


def _visible(draft: PersonDraft) -> tuple[object, ...]:
    """What programs hear of a person: a change here is a PersonUpdated."""
    return (
        draft.display_name,
        draft.work_email,
        draft.active,
        draft.language,
        draft.timezone,
        draft.department,
        draft.location,
    )


def changed_attributes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The names (never the values) of the top-level attributes that differ."""
    return sorted(name for name in {*before, *after} if before.get(name) != after.get(name))


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a search: `total` counts every match over all pages."""

    people: Sequence[Person]
    total: int


def user_name_key(user_name: str) -> str:
    """userName is unique per connection without regard to case (RFC 7643 §4.1.1)."""
    return user_name.casefold()
