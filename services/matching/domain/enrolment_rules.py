"""Enrolment by rule: a program admits the directory's people of a department and/or a place
as they arrive (or move there), on the terms the admin set for the rule.

Pure. A rule names at least a department or a location (a rule for the whole company would
enrol everyone by one mistyped form); both compare trimmed and case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.matching.domain.enrolment import DirectoryPerson, EnrolmentTerms

MAX_RULES = 20


@dataclass(frozen=True, slots=True)
class EnrolmentRule:
    role: str
    seniority_level: int
    department: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        if not (self.department or self.location):
            raise ValueError("a rule names a department, a location or both")

    def admits(self, person: DirectoryPerson) -> bool:
        """Someone enrollable whose department and location are what the rule names."""
        if not person.enrollable:
            return False
        return _same(self.department, person.department) and _same(self.location, person.location)

    @property
    def terms(self) -> EnrolmentTerms:
        return EnrolmentTerms(role=self.role, seniority_level=self.seniority_level)


def _same(wanted: str | None, found: str | None) -> bool:
    if wanted is None:
        return True
    return found is not None and found.strip().casefold() == wanted.strip().casefold()


def rule_for(rules: Sequence[EnrolmentRule], person: DirectoryPerson) -> EnrolmentRule | None:
    """The first rule that admits the person (the order is the admin's)."""
    return next((rule for rule in rules if rule.admits(person)), None)
