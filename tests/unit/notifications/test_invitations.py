"""Someone invited into a program hears of it by email, reached as the directory described
them, with a link to the portal page where they accept or decline; a leaver or an erased
person does not."""

from __future__ import annotations

import pytest

from services.notifications.application.directory import INVITED_VERSION
from shared.events import (
    ParticipantErased,
    ParticipantInvited,
    ParticipantJoined,
    PersonDeactivated,
)
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, envelope, profile
from tests.unit.notifications.test_leavers import directory_event

GUEST = "p-guest"


@pytest.fixture
async def world() -> Harness:
    h = Harness()
    await h.setup_program()
    return h


def invited(person_id: str = GUEST, **overrides: object) -> ParticipantInvited:
    fields: dict[str, object] = {
        "participant_id": person_id,
        "role": "senior",
        "display_name": "Kofi Mensah",
        "email": "kofi.mensah@example.com",
        "locale": "de",
        "timezone": "Europe/Zurich",
        **overrides,
    }
    return ParticipantInvited(**envelope(), **fields)  # type: ignore[arg-type]


async def test_an_invited_person_gets_one_email_in_their_language_linking_their_portal_page(
    world: Harness,
) -> None:
    event = invited()
    assert await world.intake.handle(event, SOURCE) == 2  # the email and the inbox entry
    assert await world.intake.handle(event, SOURCE) == 0  # a redelivery sends nothing twice
    await world.dispatcher.run_due()

    [email] = world.email.sent
    assert (email.to_address, email.to_name) == ("kofi.mensah@example.com", "Kofi Mensah")
    assert email.subject == "Einladung zu Two Way EMEA"  # the program's branding name
    assert "Kofi Mensah" in email.body
    assert "als Reverse Mentee beizutreten" in email.body
    assert "weil Two Way EMEA dich eingeladen hat" in email.body  # not "weil du teilnimmst"
    assert "https://app.example/me\n" in email.body + "\n"
    assert email.attachment is None
    records = world.deliveries.records.values()
    assert {(r.channel.value, r.template, r.recipient_id) for r in records} == {
        ("email", "program_invitation", GUEST),
        ("inbox", "program_invitation", GUEST),
    }
    stored, _ = await world.contacts.get_many([GUEST])
    assert stored[GUEST].email == "kofi.mensah@example.com"
    assert world.contacts.contacts[GUEST][0] == INVITED_VERSION


async def test_a_join_outranks_the_invitations_contact_and_not_the_other_way_round(
    world: Harness,
) -> None:
    await world.intake.handle(invited(email="old@example.com"), SOURCE)
    joined = profile(GUEST, email="kofi@example.com", display_name="Kofi M.")
    await world.intake.handle(ParticipantJoined(**envelope(), participant=joined), SOURCE)
    await world.intake.handle(invited(email="stale@example.com"), SOURCE)  # another program

    stored, _ = await world.contacts.get_many([GUEST])
    assert (stored[GUEST].email, stored[GUEST].display_name) == ("kofi@example.com", "Kofi M.")


async def test_a_leaver_or_an_erased_person_is_not_told_of_an_invitation(world: Harness) -> None:
    await world.intake.handle(directory_event(PersonDeactivated, 2), SOURCE)
    assert await world.intake.handle(invited(JUNIOR), SOURCE) == 0

    await world.intake.handle(ParticipantErased(**envelope(), participant_id=GUEST), SOURCE)
    assert await world.intake.handle(invited(), SOURCE) == 0

    await world.dispatcher.run_due()
    assert world.email.sent == []
    assert world.metrics.leavers_spared == ["program_invitation"]


async def test_someone_only_invited_and_then_deleted_from_the_directory_leaves_no_contact(
    world: Harness,
) -> None:
    joined = profile(JUNIOR)
    await world.intake.handle(ParticipantJoined(**envelope(), participant=joined), SOURCE)
    await world.intake.handle(invited(), SOURCE)
    for person_id in (GUEST, JUNIOR):
        deleted = directory_event(PersonDeactivated, 2, deleted=True)
        await world.intake.handle(deleted.model_copy(update={"person_id": person_id}), SOURCE)

    stored, _ = await world.contacts.get_many([GUEST, JUNIOR])
    assert list(stored) == [JUNIOR]  # a participant's contact stays until their erasure
