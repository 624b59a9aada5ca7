"""Enrolment by rule: a program takes in the directory's people of a department or a place,
when the rules are set and whenever someone new arrives or moves there."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

import pytest

from services.matching.application.enrolment import Enrolment
from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.participants import JoinOutcome
from services.matching.domain.enrolment import DirectoryPerson
from services.matching.domain.enrolment_rules import EnrolmentRule, rule_for
from shared.events import ParticipantProfile
from tests.unit.matching.test_enrolment import person

TREASURY = EnrolmentRule(role="junior", seniority_level=2, department="Treasury")
NAIROBI_SENIORS = EnrolmentRule(role="senior", seniority_level=7, location="Nairobi")


class FakeDirectory:
    def __init__(self, *people: DirectoryPerson) -> None:
        self.people = {p.person_id: p for p in people}

    async def get_many(self, person_ids: Sequence[str]) -> dict[str, DirectoryPerson]:
        return {pid: self.people[pid] for pid in person_ids if pid in self.people}

    async def in_unit(self, department: str | None, location: str | None) -> list[DirectoryPerson]:
        def fits(wanted: str | None, found: str | None) -> bool:
            return wanted is None or (found or "").casefold() == wanted.casefold()

        return [
            p
            for p in self.people.values()
            if p.active and fits(department, p.department) and fits(location, p.location)
        ]


class FakeRules:
    def __init__(self) -> None:
        self.by_program: dict[str, list[EnrolmentRule]] = {}

    async def rules_of(self, program_id: str) -> list[EnrolmentRule]:
        return list(self.by_program.get(program_id, []))

    async def set_rules(self, program_id: str, rules: Sequence[EnrolmentRule]) -> None:
        self.by_program[program_id] = list(rules)

    async def programs_with_rules(self) -> dict[str, list[EnrolmentRule]]:
        return {k: list(v) for k, v in self.by_program.items() if v}


class ProgramJoiner:
    """Joins per program; anyone in a program already (whatever their status) stays as is."""

    def __init__(self) -> None:
        self.joined: dict[tuple[str, str], ParticipantProfile] = {}

    async def join_many(
        self,
        program_id: str,
        profiles: list[ParticipantProfile],
        correlation_id: UUID | None = None,
    ) -> list[JoinOutcome]:
        outcomes = []
        for profile in profiles:
            key = (program_id, profile.participant_id)
            status = "unchanged" if key in self.joined else "joined"
            self.joined.setdefault(key, profile)
            outcomes.append(JoinOutcome(profile.participant_id, status))
        return outcomes


def world(*people: DirectoryPerson) -> tuple[EnrolmentByRule, FakeDirectory, ProgramJoiner]:
    directory, joiner = FakeDirectory(*people), ProgramJoiner()
    return EnrolmentByRule(FakeRules(), directory, Enrolment(directory, joiner)), directory, joiner


def test_a_rule_admits_people_of_its_unit_whatever_the_case() -> None:
    assert TREASURY.admits(person("a", department=" treasury "))
    assert not TREASURY.admits(person("b", department="Legal"))
    assert not TREASURY.admits(person("c"))
    assert not TREASURY.admits(person("d", department="Treasury", email=None))
    both = EnrolmentRule(role="junior", seniority_level=1, department="Treasury", location="Oslo")
    assert both.admits(person("e", department="Treasury", location="oslo"))
    assert not both.admits(person("f", department="Treasury", location="Lima"))


def test_a_rule_names_a_department_or_a_place() -> None:
    with pytest.raises(ValueError, match="department, a location or both"):
        EnrolmentRule(role="junior", seniority_level=1)


def test_the_first_rule_that_admits_someone_sets_their_terms() -> None:
    both = person("g", department="Treasury", location="Nairobi")
    assert rule_for([NAIROBI_SENIORS, TREASURY], both) is NAIROBI_SENIORS
    assert rule_for([TREASURY, NAIROBI_SENIORS], both) is TREASURY


async def test_setting_rules_enrols_the_people_they_admit_today() -> None:
    by_rule, _, joiner = world(
        person("t1", department="Treasury"),
        person("t2", department="Treasury", location="Nairobi"),
        person("n1", location="Nairobi"),
        person("l1", department="Legal"),
        person("gone", department="Treasury", active=False),
    )

    joins = await by_rule.set_rules("prog", [TREASURY, NAIROBI_SENIORS], uuid4())

    assert sorted(joins.person_ids) == ["n1", "t1", "t2"]
    assert {pid: p.role for (_, pid), p in joiner.joined.items()} == {
        "t1": "junior",
        "t2": "junior",
        "n1": "senior",
    }
    assert joiner.joined[("prog", "n1")].seniority_level == 7


async def test_a_newcomer_joins_every_program_whose_rule_admits_them() -> None:
    by_rule, directory, _ = world()
    await by_rule.set_rules("emea", [TREASURY], uuid4())
    await by_rule.set_rules("africa", [NAIROBI_SENIORS], uuid4())
    await by_rule.set_rules("legal", [EnrolmentRule("junior", 1, department="Legal")], uuid4())
    newcomer = person("new", department="Treasury", location="Nairobi")
    directory.people["new"] = newcomer

    brought = await by_rule.on_person(newcomer, uuid4())

    assert [(j.program_id, j.person_ids) for j in brought] == [
        ("africa", ("new",)),
        ("emea", ("new",)),
    ]
    assert await by_rule.on_person(newcomer, uuid4()) == []  # a redelivery joins nobody again


async def test_someone_already_in_the_program_is_not_joined_again_by_a_rule() -> None:
    by_rule, directory, joiner = world(person("m1", department="Treasury"))
    await by_rule.set_rules("prog", [TREASURY], uuid4())
    assert await by_rule.on_person(directory.people["m1"], uuid4()) == []
    again = await by_rule.set_rules("prog", [TREASURY, NAIROBI_SENIORS], uuid4())
    assert again.person_ids == ()
    assert list(joiner.joined) == [("prog", "m1")]
