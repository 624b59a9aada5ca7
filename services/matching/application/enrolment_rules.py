"""Enrolment by rule: an admin sets which of the directory's people a program takes in (a
department, a place), and matching enrols them, now and whenever the directory provisions
someone new or someone moves there.

Joins go through the same enrolment as an admin's (`Enrolment`), so the same events follow;
someone who is or was in the program already (withdrawn, erased) is never joined again by a
rule. Each join a rule makes is on the program's audit trail, by the rule's author for the
people enrolled when the rules were set, and by the identity-provider connection for the
people its changes brought in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from services.matching.application.enrolment import Enrolment
from services.matching.domain.enrolment import DirectoryPerson
from services.matching.domain.enrolment_rules import EnrolmentRule, rule_for


class RuleStore(Protocol):
    async def rules_of(self, program_id: str) -> list[EnrolmentRule]: ...

    async def set_rules(self, program_id: str, rules: Sequence[EnrolmentRule]) -> None: ...

    async def programs_with_rules(self) -> dict[str, list[EnrolmentRule]]: ...


class PeopleByPlace(Protocol):
    async def in_unit(self, department: str | None, location: str | None) -> list[DirectoryPerson]:
        """The directory's active people of this department and/or location (case-insensitive)."""
        ...


@dataclass(frozen=True, slots=True)
class RuleJoins:
    """Who a rule brought into a program."""

    program_id: str
    person_ids: tuple[str, ...]


@dataclass
class EnrolmentByRule:
    rules: RuleStore
    people: PeopleByPlace
    enrolment: Enrolment

    async def set_rules(
        self, program_id: str, rules: Sequence[EnrolmentRule], correlation_id: UUID
    ) -> RuleJoins:
        """Keep the program's rules and enrol the directory's people they admit today."""
        await self.rules.set_rules(program_id, rules)
        joined: list[str] = []
        for rule in rules:
            found = await self.people.in_unit(rule.department, rule.location)
            admitted = [p.person_id for p in found if rule_for(rules, p) is rule]
            joined += await self._enrol(program_id, admitted, rule, correlation_id)
        return RuleJoins(program_id, tuple(joined))

    async def on_person(self, person: DirectoryPerson, correlation_id: UUID) -> list[RuleJoins]:
        """A person provisioned, moved or back: every program whose rules admit them."""
        if not person.enrollable:
            return []
        brought: list[RuleJoins] = []
        for program_id, rules in sorted((await self.rules.programs_with_rules()).items()):
            rule = rule_for(rules, person)
            if rule is None:
                continue
            joined = await self._enrol(program_id, [person.person_id], rule, correlation_id)
            if joined:
                brought.append(RuleJoins(program_id, tuple(joined)))
        return brought

    async def _enrol(
        self, program_id: str, person_ids: Sequence[str], rule: EnrolmentRule, unit: UUID
    ) -> list[str]:
        joined: list[str] = []
        for start in range(0, len(person_ids), 200):
            batch = person_ids[start : start + 200]
            outcomes = await self.enrolment.enrol(program_id, batch, rule.terms, unit)
            joined += [o.participant_id for o in outcomes if o.status == "joined"]
        return joined
