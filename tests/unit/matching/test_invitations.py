"""Invitations from the company directory: an admin invites, the person accepts (and joins on
the admin's terms) or declines; on fakes of the ports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from services.matching.application.enrolment import (
    DOES_NOT_FIT,
    INCOMPLETE,
    NOT_IN_DIRECTORY,
    Enrolment,
)
from services.matching.application.invitations import ALREADY_IN, Invitations
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.policy import PolicyIn
from services.matching.application.programs import ProgramCommands
from services.matching.domain.enrolment import EnrolmentTerms
from services.matching.domain.errors import InvitationClosed, UnknownEntity
from services.matching.domain.invitations import Answer
from shared.clock import FixedClock
from shared.observability.metrics import ServiceMetrics
from tests.unit.matching.fakes import FakeMatchingStore
from tests.unit.matching.invitation_fakes import FakeInvitations
from tests.unit.matching.test_enrolment import person
from tests.unit.matching.test_enrolment_rules import FakeDirectory
from tests.unit.shared.sample_events import SETTINGS

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
UNIT = UUID("00000000-0000-4000-8000-0000000000e4")
TERMS = EnrolmentTerms(role="senior", seniority_level=6, location="Accra")


async def world() -> tuple[Invitations, FakeMatchingStore, FakeInvitations]:
    invitations, store, saved, _ = await world_with_directory()
    return invitations, store, saved


async def world_with_directory(
    clock: FixedClock | None = None,
) -> tuple[Invitations, FakeMatchingStore, FakeInvitations, FakeDirectory]:
    store, saved = FakeMatchingStore(), FakeInvitations()
    clock = clock or FixedClock(NOW)
    participants = ParticipantCommands(
        store, clock, PairLifecycle(store, clock, ServiceMetrics("m"))
    )
    await ProgramCommands(store, clock).launch("emea", SETTINGS, PolicyIn(), UNIT)
    directory = FakeDirectory(
        person("kofi", department="Audit", language="de-CH", timezone="Europe/Zurich"),
        person("nameless", display_name=None),
        person("odd", email="no-at-sign"),
    )
    enrolment = Enrolment(directory, participants)
    return Invitations(saved, directory, store, enrolment, clock), store, saved, directory


async def test_an_invited_person_joins_on_the_admins_terms_by_accepting() -> None:
    invitations, store, saved = await world()

    [invited] = await invitations.invite(
        "emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT
    )
    assert invited.status == "invited"
    assert [i.program_id for i in await invitations.open_for("kofi")] == ["emea"]
    assert "emea|kofi" not in store.participants  # nobody joins before they accept

    outcome = await invitations.accept("kofi", "emea", UNIT)

    assert outcome.status == "joined"
    profile = store.participants["emea|kofi"]["profile"]
    assert (profile["role"], profile["seniority_level"]) == ("senior", 6)
    assert (profile["department"], profile["location"]) == ("Audit", "Accra")
    assert saved.by_key[("emea", "kofi")].answer is Answer.ACCEPTED
    assert await invitations.open_for("kofi") == []
    with pytest.raises(InvitationClosed):
        await invitations.accept("kofi", "emea", UNIT)


async def test_who_cannot_be_invited_is_told_why() -> None:
    invitations, _, saved = await world()
    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)
    await invitations.accept("kofi", "emea", UNIT)

    outcomes = await invitations.invite(
        "emea", ["kofi", "nameless", "stranger"], TERMS, by="emea-admin", correlation_id=UNIT
    )

    assert [(o.person_id, o.status, o.problems) for o in outcomes] == [
        ("kofi", "rejected", (ALREADY_IN,)),
        ("nameless", "rejected", (INCOMPLETE,)),
        ("stranger", "rejected", (NOT_IN_DIRECTORY,)),
    ]
    assert list(saved.by_key) == [("emea", "kofi")]
    with pytest.raises(UnknownEntity):
        await invitations.invite("nowhere", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)


async def test_a_declined_invitation_closes_and_may_be_sent_again() -> None:
    invitations, store, _ = await world()
    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)
    [again] = await invitations.invite(
        "emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT
    )
    assert again.status == "unchanged"

    await invitations.decline("kofi", "emea")

    assert await invitations.open_for("kofi") == []
    with pytest.raises(InvitationClosed):
        await invitations.accept("kofi", "emea", UNIT)
    assert "emea|kofi" not in store.participants
    [reopened] = await invitations.invite(
        "emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT
    )
    assert reopened.status == "invited"
    with pytest.raises(UnknownEntity):
        await invitations.decline("kofi", "apac")


async def test_a_leavers_open_invitations_are_not_offered_until_they_return() -> None:
    invitations, _, _, directory = await world_with_directory()
    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)

    directory.people["kofi"] = person("kofi", department="Audit", active=False)
    assert await invitations.open_for("kofi") == []

    directory.people["kofi"] = person("kofi", department="Audit")
    assert [i.program_id for i in await invitations.open_for("kofi")] == ["emea"]


async def test_each_invitation_that_opens_is_announced_with_how_to_reach_the_person() -> None:
    clock = FixedClock(NOW)
    invitations, _, saved, _ = await world_with_directory(clock)

    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)
    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)

    [announced] = saved.published  # an invitation still open is not announced again
    assert (announced.program_id, announced.participant_id, announced.role) == (
        "emea",
        "kofi",
        "senior",
    )
    assert (announced.display_name, announced.email) == ("Person kofi", "kofi@example.com")
    assert (announced.locale, announced.timezone) == ("de", "Europe/Zurich")
    assert (announced.correlation_id, announced.occurred_at) == (UNIT, NOW)

    await invitations.decline("kofi", "emea")
    clock.advance(timedelta(days=2))
    await invitations.invite("emea", ["kofi"], TERMS, by="emea-admin", correlation_id=UNIT)

    first, reopened = saved.published
    assert reopened.event_id != first.event_id  # a new invitation, a new message


async def test_a_person_whose_directory_data_breaks_the_contract_is_not_invited() -> None:
    invitations, _, saved, _ = await world_with_directory()

    [outcome] = await invitations.invite(
        "emea", ["odd"], TERMS, by="emea-admin", correlation_id=UNIT
    )

    assert (outcome.status, outcome.problems) == ("rejected", (DOES_NOT_FIT,))
    assert saved.by_key == {}
    assert saved.published == []
