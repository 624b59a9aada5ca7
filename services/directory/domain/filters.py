"""A parsed SCIM filter over the few attributes the directory can search by.

The wire parser turns filter text into these nodes; storage adapters turn them into queries.
Only indexed attributes are searchable, so a filter never scans the whole directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.directory.domain.errors import InvalidFilter


class Field(StrEnum):
    USER_NAME = "userName"
    EXTERNAL_ID = "externalId"
    ID = "id"
    EMAIL = "emails.value"
    WORK_EMAIL = 'emails[type eq "work"].value'
    ACTIVE = "active"
    DISPLAY_NAME = "displayName"


CASE_INSENSITIVE = frozenset({Field.USER_NAME, Field.EMAIL, Field.WORK_EMAIL})
"""userName and email addresses compare without regard to case (RFC 7643 §2.1, §4.1.1)."""


@dataclass(frozen=True, slots=True)
class Equals:
    field: Field
    value: str | bool


@dataclass(frozen=True, slots=True)
class Present:
    field: Field


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]


Condition = Equals | Present | AllOf | AnyOf

MAX_DEPTH = 8
MAX_PARTS = 20


def checked(condition: Condition) -> Condition:
    """Refuse filters too deep or too wide to be a directory lookup."""
    parts = 0

    def walk(node: Condition, depth: int) -> None:
        nonlocal parts
        parts += 1
        if depth > MAX_DEPTH or parts > MAX_PARTS:
            raise InvalidFilter("filter is too complex")
        if isinstance(node, AllOf | AnyOf):
            for child in node.parts:
                walk(child, depth + 1)

    walk(condition, 0)
    return condition
