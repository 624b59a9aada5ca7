"""Admins enrol people the directory provisioned: the profile comes from the directory."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from services.matching.application.enrolment import (
    INCOMPLETE,
    NOT_ACTIVE,
    NOT_IN_DIRECTORY,
    Enrolment,
)
from services.matching.application.participants import JoinOutcome
from services.matching.domain.enrolment import (
    NOT_GIVEN,
    DirectoryPerson,
    EnrolmentTerms,
    portal_locale,
    profile_for,
)
from shared.events import ParticipantProfile

TERMS = EnrolmentTerms(role="junior", seniority_level=2)


def person(person_id: str, **fields: object) -> DirectoryPerson:
    values: dict[str, object] = {
        "version": 1,
        "active": True,
        "display_name": f"Person {person_id}",
        "email": f"{person_id}@example.com",
        **fields,
    }
    return DirectoryPerson(person_id=person_id, **values)  # type: ignore[arg-type]


class FakeDirectoryPeople:
    def __init__(self, *people: DirectoryPerson) -> None:
        self.people = {p.person_id: p for p in people}

    async def get_many(self, person_ids: Sequence[str]) -> dict[str, DirectoryPerson]:
        return {pid: self.people[pid] for pid in person_ids if pid in self.people}


class FakeJoiner:
    def __init__(self, already: dict[str, ParticipantProfile] | None = None) -> None:
        self.joined: dict[str, ParticipantProfile] = dict(already or {})

    async def join_many(
        self,
        program_id: str,
        profiles: list[ParticipantProfile],
        correlation_id: UUID | None = None,
    ) -> list[JoinOutcome]:
        outcomes = []
        for profile in profiles:
            before = self.joined.get(profile.participant_id)
            if before is None:
                self.joined[profile.participant_id] = profile
                outcomes.append(JoinOutcome(profile.participant_id, "joined"))
            else:
                same = before == profile
                outcomes.append(
                    JoinOutcome(profile.participant_id, "unchanged" if same else "rejected")
                )
        return outcomes


def test_profile_takes_name_email_language_and_zone_from_the_directory() -> None:
    found = person("p1", language="de-CH", timezone="Europe/Zurich")
    profile = ParticipantProfile.model_validate(profile_for(found, TERMS))
    assert profile.display_name == "Person p1"
    assert profile.email == "p1@example.com"
    assert profile.languages == ["de-CH"]
    assert profile.timezone == "Europe/Zurich"
    assert profile.locale == "de"
    assert profile.role == "junior"
    assert profile.seniority_level == 2
    assert profile.skills_offered == []
    assert profile.learning_goals == []


def test_what_the_directory_does_not_say_gets_a_plain_default() -> None:
    profile = ParticipantProfile.model_validate(profile_for(person("p2"), TERMS))
    assert (profile.timezone, profile.languages, profile.locale) == ("UTC", ["en"], None)
    assert (profile.department, profile.location) == (NOT_GIVEN, NOT_GIVEN)


def test_admin_terms_name_department_and_location_for_the_batch() -> None:
    terms = EnrolmentTerms(role="senior", seniority_level=7, department="Sales", location="Lyon")
    profile = ParticipantProfile.model_validate(profile_for(person("p3"), terms))
    assert (profile.department, profile.location, profile.role) == ("Sales", "Lyon", "senior")


def test_the_directory_knows_each_persons_department_and_place_before_the_batch_terms() -> None:
    terms = EnrolmentTerms(role="senior", seniority_level=7, department="Sales", location="Lyon")
    placed = person("p4", department="Treasury", location="Nairobi")
    profile = ParticipantProfile.model_validate(profile_for(placed, terms))
    assert (profile.department, profile.location) == ("Treasury", "Nairobi")
    half = ParticipantProfile.model_validate(profile_for(person("p5", location="Oslo"), terms))
    assert (half.department, half.location) == ("Sales", "Oslo")


def test_only_portal_languages_become_the_portal_locale() -> None:
    assert portal_locale("ja") == "ja"
    assert portal_locale("pt-BR") is None
    assert portal_locale(None) is None


async def test_enrolment_joins_directory_people_and_explains_each_refusal() -> None:
    people = FakeDirectoryPeople(
        person("ok"),
        person("gone", active=False),
        person("nameless", display_name=None),
    )
    joiner = FakeJoiner()
    outcomes = await Enrolment(people, joiner).enrol(
        "prog", ["ok", "gone", "nameless", "stranger", "ok"], TERMS, uuid4()
    )
    assert [(o.participant_id, o.status) for o in outcomes] == [
        ("ok", "joined"),
        ("gone", "rejected"),
        ("nameless", "rejected"),
        ("stranger", "rejected"),
    ]
    assert [o.problems for o in outcomes[1:]] == [[NOT_ACTIVE], [INCOMPLETE], [NOT_IN_DIRECTORY]]
    assert list(joiner.joined) == ["ok"]


async def test_enrolling_the_same_person_twice_changes_nothing() -> None:
    people = FakeDirectoryPeople(person("ok"))
    joiner = FakeJoiner()
    enrolment = Enrolment(people, joiner)
    await enrolment.enrol("prog", ["ok"], TERMS, uuid4())
    [again] = await enrolment.enrol("prog", ["ok"], TERMS, uuid4())
    assert again.status == "unchanged"
