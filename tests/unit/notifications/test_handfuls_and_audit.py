"""Deliveries go out in handfuls: people read once, outcomes written and audit events
published together, by the process that wrote them; the audit trail's ids are
deterministic and survive a broker outage in the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from services.notifications.domain.model import Contact, DeliveryRecord, Preferences, Status
from shared.events import Event, NotificationSent
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import JUNIOR, SENIOR, notified_events


async def test_event_ids_of_the_audit_trail_are_deterministic(harness: Harness) -> None:
    event = notified_events()["welcome"]
    await harness.intake.handle(event, SOURCE)
    await harness.dispatcher.run_due()
    again = Harness()
    await again.setup_program()
    await again.intake.handle(event, SOURCE)
    await again.dispatcher.run_due()
    assert sorted(e.event_id for e in harness.deliveries.published) == sorted(
        e.event_id for e in again.deliveries.published
    )


async def test_a_handful_reads_its_people_once_and_publishes_its_audit_together(
    harness: Harness,
) -> None:
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    reads: dict[str, list[list[str]]] = {"contacts": [], "preferences": []}
    contacts_get, preferences_get = harness.contacts.get_many, harness.preferences.get_many
    publishes: list[int] = []
    publish = harness.deliveries.publish

    async def count_contacts(ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        reads["contacts"].append(sorted(ids))
        return await contacts_get(ids)

    async def count_preferences(ids: Sequence[str]) -> dict[str, Preferences]:
        reads["preferences"].append(sorted(ids))
        return await preferences_get(ids)

    async def count_publish(events: Sequence[Event]) -> None:
        publishes.append(len(events))
        await publish(events)

    harness.contacts.get_many = count_contacts  # type: ignore[method-assign]
    harness.preferences.get_many = count_preferences  # type: ignore[method-assign]
    harness.deliveries.publish = count_publish  # type: ignore[method-assign]
    await harness.dispatcher.run_due()

    assert len(harness.email.sent) == 2
    assert len(harness.inbox.items) == 2
    # One read of both people for the four deliveries, plus the erasure check after each
    # inbox write, which must see the store as it is then.
    assert reads["contacts"][0] == sorted([JUNIOR, SENIOR])
    assert sorted(reads["contacts"][1:]) == [[JUNIOR], [SENIOR]]
    assert reads["preferences"] == [sorted([JUNIOR, SENIOR])]
    assert harness.deliveries.finish_batches == [4]  # four outcomes, one write
    assert publishes == [4]
    assert len(harness.audit(NotificationSent)) == 4
    assert harness.deliveries.unpublished == []


async def test_audit_events_that_could_not_be_published_stay_recorded(harness: Harness) -> None:
    async def kafka_away(events: Sequence[Event]) -> None:
        raise ConnectionError("broker unreachable")

    harness.deliveries.publish = kafka_away  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.dispatcher.run_due()
    assert len(harness.email.sent) == 2
    assert all(r.status is Status.SENT for r in harness.deliveries.records.values())
    # Not published now, but written into each delivery's outbox: the relay sends them later.
    assert harness.audit(NotificationSent) == []
    assert len(harness.deliveries.unpublished) == 4


async def test_new_deliveries_are_written_claimed_and_sent_by_the_process_that_wrote_them(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    intake = harness.intake_with(handed.extend)
    event = notified_events()["series_invitation"]
    assert await intake.handle(event, SOURCE) == 4
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENDING}
    assert await harness.dispatcher.run_due() == 0  # nothing for another instance's scan

    await harness.dispatcher.run_claimed(handed)
    assert len(harness.email.sent) == 2
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENT}
    handed.clear()
    assert await intake.handle(event, SOURCE) == 0
    assert handed == []
