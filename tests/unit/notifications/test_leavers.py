"""Someone who left the company (deactivated in the directory) receives nothing more; their
partner still gets the cancellations."""

from __future__ import annotations

from typing import Any

import pytest

from services.notifications.domain.model import Status
from shared.events import PersonDeactivated, PersonUpdated
from shared.events.directory import DIRECTORY_SCOPE
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, envelope, series_changed


@pytest.fixture
async def world() -> Harness:
    h = Harness()
    await h.setup_program()
    return h


def directory_event(kind: type, version: int, **fields: Any) -> Any:
    return kind(
        **envelope(program_id=DIRECTORY_SCOPE),
        person_id=JUNIOR,
        connection_id="entra",
        person_version=version,
        **fields,
    )


def addressees(h: Harness) -> list[str]:
    return [email.to_address for email in h.email.sent]


async def test_a_leaver_gets_no_series_cancellation_and_the_partner_does(world: Harness) -> None:
    await world.intake.handle(directory_event(PersonDeactivated, 3), SOURCE)
    await world.intake.handle(series_changed("ended"), SOURCE)
    await world.dispatcher.run_due()

    assert addressees(world) == [f"{SENIOR}@example.com"]
    assert world.email.sent[0].attachment is not None
    assert world.email.sent[0].attachment.method == "CANCEL"
    assert not [r for r in world.deliveries.records.values() if r.recipient_id == JUNIOR]
    assert world.metrics.leavers_spared == ["series_cancelled"]


async def test_what_was_waiting_for_a_leaver_is_cancelled_and_a_claimed_send_stopped(
    world: Harness,
) -> None:
    await world.intake.handle(series_changed("cancelled"), SOURCE)  # recorded, not yet sent
    claimed = await world.deliveries.claim_many(
        [r.delivery_id for r in world.deliveries.records.values()],
        world.clock.now(),
        leased_at=world.clock.now(),
    )
    await world.intake.handle(directory_event(PersonDeactivated, 2), SOURCE)
    await world.dispatcher.run_claimed(claimed)

    assert addressees(world) == [f"{SENIOR}@example.com"]
    to_junior = [r for r in world.deliveries.records.values() if r.recipient_id == JUNIOR]
    assert to_junior
    assert {r.status for r in to_junior} == {Status.CANCELLED}
    assert ("email", "session_cancelled", "cancelled", "left_company") in (
        world.metrics.finished_with
    )


async def test_a_reactivation_lifts_it_and_a_replayed_deactivation_does_not_undo_that(
    world: Harness,
) -> None:
    await world.intake.handle(directory_event(PersonDeactivated, 2), SOURCE)
    await world.intake.handle(directory_event(PersonUpdated, 3, active=True), SOURCE)
    await world.intake.handle(directory_event(PersonDeactivated, 2), SOURCE)  # replayed
    await world.intake.handle(series_changed("ended"), SOURCE)
    await world.dispatcher.run_due()

    assert sorted(addressees(world)) == [f"{JUNIOR}@example.com", f"{SENIOR}@example.com"]
    assert world.metrics.leaver_cancellations == 0
