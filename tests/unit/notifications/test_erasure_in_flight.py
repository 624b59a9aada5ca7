"""Erasure removes a person's contact, inbox and waiting messages, even when it races a
write."""

from __future__ import annotations

from datetime import timedelta

from services.notifications.domain.model import Channel, InboxItem, Preferences, Status
from shared.events import NotificationSent, ParticipantErased, ParticipantJoined
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import (
    JUNIOR,
    JUNIOR_NAME,
    SENIOR,
    envelope,
    notified_events,
    profile,
)


async def test_erasure_removes_contact_inbox_and_waiting_messages(harness: Harness) -> None:
    events = notified_events()
    await harness.intake.handle(events["pair_introduction"], SOURCE)
    await harness.dispatcher.run_due()
    await harness.preferences.put(JUNIOR, Preferences(daily_digest=True))
    await harness.intake.handle(events["session_reminder"], SOURCE)  # not sent yet
    await harness.intake.handle(ParticipantErased(**envelope(), participant_id=JUNIOR), SOURCE)
    await harness.dispatcher.run_due()
    contacts, erased = await harness.contacts.get_many([JUNIOR])
    assert contacts == {}
    assert erased == {JUNIOR}
    assert await harness.preferences.get_many([JUNIOR]) == {}
    junior_reminders = [
        r
        for r in harness.deliveries.records.values()
        if r.recipient_id == JUNIOR and r.template == "session_reminder"
    ]
    assert {r.status for r in junior_reminders} == {Status.CANCELLED}
    assert all(r.cause is None for r in junior_reminders)
    assert {i.recipient_id for i in harness.inbox.items.values()} == {SENIOR}
    introduction = next(
        i for i in harness.inbox.items.values() if i.template == "pair_introduction"
    )
    assert JUNIOR_NAME not in introduction.body
    assert "erased" in introduction.body
    # a replayed join cannot bring the person back, and later events skip them
    await harness.intake.handle(ParticipantJoined(**envelope(), participant=profile()), SOURCE)
    assert (await harness.contacts.get_many([JUNIOR]))[0] == {}
    before = len(harness.email.sent)
    await harness.intake.handle(events["pair_ended"], SOURCE)
    await harness.run_for(timedelta(minutes=11))  # no series ended with it: it goes alone
    ended = [
        e for e in harness.email.sent[before:] if e.headers["X-Twoway-Template"] == "pair_ended"
    ]
    assert [e.to_address for e in ended] == [f"{SENIOR}@example.com"]


async def test_erasure_racing_an_inbox_write_leaves_nothing_behind(harness: Harness) -> None:
    original_add = harness.inbox.add
    erasure = ParticipantErased(**envelope(), participant_id=JUNIOR)

    async def add_while_erasing(item: InboxItem) -> None:
        if item.recipient_id == JUNIOR:
            await harness.intake.handle(erasure, SOURCE)  # runs between resolve and write
        await original_add(item)

    harness.inbox.add = add_while_erasing  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["feedback_requested"], SOURCE)
    await harness.dispatcher.run_due()
    assert [i for i in harness.inbox.items.values() if i.recipient_id == JUNIOR] == []
    inbox_record = next(
        r for r in harness.deliveries.records.values() if r.channel is Channel.INBOX
    )
    assert inbox_record.status is Status.CANCELLED
    assert [e for e in harness.audit(NotificationSent) if e.channel == "inbox"] == []
