"""The handlers end to end on in-memory fakes: exactly once, retries, failures, quiet hours,
digests, erasure and crash recovery."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.application.digests import DigestAssembler
from services.notifications.application.directory import Directory
from services.notifications.application.dispatch import Dispatcher, DispatchOptions
from services.notifications.application.intake import Intake, ProgramNotKnownYet
from services.notifications.application.leavers import Leavers
from services.notifications.application.mapping import program_profile
from services.notifications.application.messages import MessageWriter
from services.notifications.application.pacing import RateLimiter
from services.notifications.application.recipients import RecipientResolver
from services.notifications.domain.model import (
    Channel,
    Contact,
    DeliveryError,
    DeliveryRecord,
    InboxItem,
    Preferences,
    SourceRef,
    Status,
)
from services.notifications.domain.pacing import Backoff
from shared.clock import FixedClock
from shared.events import (
    Event,
    NotificationFailed,
    NotificationSent,
    ParticipantErased,
    ParticipantJoined,
    ProgramLaunched,
)
from tests.unit.notifications.fakes import (
    FakeAdmins,
    FakeContacts,
    FakeDeliveries,
    FakeEndedPairs,
    FakeInbox,
    FakeLeaverRecords,
    FakePreferences,
    FakePrograms,
    FakeSeriesLedger,
    RecordingDeadLetters,
    RecordingMetrics,
    ScriptedChat,
    ScriptedEmail,
)
from tests.unit.notifications.samples import (
    ADMIN,
    JUNIOR,
    JUNIOR_NAME,
    NOW,
    REASONS,
    SENIOR,
    SENIOR_NAME,
    SETTINGS,
    contact,
    envelope,
    notified_events,
    profile,
    series_changed,
)

SOURCE = SourceRef(topic="twoway.pairs", partition=3, offset=42, key=b"pair-1")


async def no_sleep(_seconds: float) -> None:
    return None


@dataclass
class Harness:
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    programs: FakePrograms = field(default_factory=FakePrograms)
    contacts: FakeContacts = field(default_factory=FakeContacts)
    admins: FakeAdmins = field(default_factory=FakeAdmins)
    preferences: FakePreferences = field(default_factory=FakePreferences)
    inbox: FakeInbox = field(default_factory=FakeInbox)
    deliveries: FakeDeliveries = field(default_factory=FakeDeliveries)
    email: ScriptedEmail = field(default_factory=ScriptedEmail)
    chat: ScriptedChat = field(default_factory=ScriptedChat)
    dead_letters: RecordingDeadLetters = field(default_factory=RecordingDeadLetters)
    metrics: RecordingMetrics = field(default_factory=RecordingMetrics)
    ledger: FakeSeriesLedger = field(default_factory=FakeSeriesLedger)
    ended_pairs: FakeEndedPairs = field(default_factory=FakeEndedPairs)
    leaver_records: FakeLeaverRecords = field(default_factory=FakeLeaverRecords)
    daily_email_cap: int = 0

    def __post_init__(self) -> None:
        self.leavers = Leavers(
            records=self.leaver_records,
            deliveries=self.deliveries,
            clock=self.clock,
            on_cancelled=self.metrics.leaver_deliveries_cancelled,
        )
        self.intake = self.intake_with()
        resolver = RecipientResolver(
            contacts=self.contacts, admins=self.admins, preferences=self.preferences
        )
        limiter = RateLimiter(1000, 1000, sleep=no_sleep)
        self.dispatcher = Dispatcher(
            deliveries=self.deliveries,
            programs=self.programs,
            resolver=resolver,
            writer=MessageWriter(
                deliveries=self.deliveries,
                resolver=resolver,
                app_url="https://app.example",
                now=self.clock.now,
                on_fallback=self.metrics.name_fallback,
            ),
            ledger=self.ledger,
            ended_pairs=self.ended_pairs,
            leavers=self.leavers,
            inbox=self.inbox,
            email=self.email,
            chat=self.chat,
            dead_letters=self.dead_letters,
            metrics=self.metrics,
            clock=self.clock,
            backoff=Backoff(max_attempts=4, base_seconds=10, max_seconds=60, rng=random.Random(7)),
            limits={Channel.EMAIL: limiter, Channel.CHAT: limiter},
            options=DispatchOptions(
                claim_timeout=timedelta(minutes=5), daily_email_cap=self.daily_email_cap
            ),
        )
        self.assembler = DigestAssembler(deliveries=self.deliveries, clock=self.clock)

    def intake_with(
        self, hand_over: Callable[[Sequence[DeliveryRecord]], None] | None = None
    ) -> Intake:
        """The intake; with `hand_over`, as the service runs it: new deliveries written
        claimed and handed over."""
        directory = Directory(
            programs=self.programs,
            contacts=self.contacts,
            preferences=self.preferences,
            inbox=self.inbox,
            deliveries=self.deliveries,
            clock=self.clock,
        )
        return Intake(
            directory=directory,
            programs=self.programs,
            contacts=self.contacts,
            admins=self.admins,
            preferences=self.preferences,
            deliveries=self.deliveries,
            clock=self.clock,
            hand_over=hand_over,
            ledger=self.ledger,
            ended_pairs=self.ended_pairs,
            on_late=self.metrics.dropped_after_pair_end,
            leavers=self.leavers,
            on_leaver_spared=self.metrics.leaver_spared,
        )

    async def setup_program(self) -> None:
        await self.programs.save(program_profile(ProgramLaunched(**envelope(), settings=SETTINGS)))
        await self.contacts.save(contact(JUNIOR), 1)
        await self.contacts.save(contact(SENIOR), 1)
        await self.admins.put(contact(ADMIN))

    async def run_for(self, duration: timedelta, step: timedelta = timedelta(minutes=1)) -> None:
        """Let program time pass, with the background loop running every `step`."""
        end = self.clock.now() + duration
        while True:
            await self.assembler.run()
            await self.dispatcher.run_due()
            if self.clock.now() >= end:
                return
            self.clock.advance(step)

    def audit(self, kind: type) -> list:
        return [e for e in self.deliveries.published if isinstance(e, kind)]


@pytest.fixture
async def harness() -> Harness:
    h = Harness()
    await h.setup_program()
    return h


async def test_an_introduction_without_a_planned_series_goes_out_alone_after_the_wait(
    harness: Harness,
) -> None:
    created = await harness.intake.handle(notified_events()["pair_introduction"], SOURCE)
    await harness.dispatcher.run_due()
    assert created == 4
    assert len(harness.inbox.items) == 2  # the app shows it at once
    assert harness.email.sent == []  # the email waits for the series invitation

    await harness.run_for(timedelta(minutes=11))

    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    for email in harness.email.sent:
        assert all(reason in email.body for reason in REASONS)
    sent = harness.audit(NotificationSent)
    assert len(sent) == 4
    assert {e.channel for e in sent} == {"email", "inbox"}
    assert all(e.causation_id == e.cause_event_id for e in sent)


async def test_a_planned_series_carries_the_introduction_one_email_per_person(
    harness: Harness,
) -> None:
    events = notified_events()
    await harness.intake.handle(events["pair_introduction"], SOURCE)
    await harness.intake.handle(events["series_invitation"], SOURCE)

    await harness.run_for(timedelta(minutes=15))

    emails = sorted(harness.email.sent, key=lambda e: e.to_address)
    assert [e.to_address for e in emails] == [f"{JUNIOR}@example.com", f"{SENIOR}@example.com"]
    junior, senior = emails
    assert SENIOR_NAME in junior.subject
    assert JUNIOR_NAME in senior.subject
    for email in emails:
        assert all(reason in email.body for reason in REASONS)
        assert "https://app.example/me/programs/emea-2026/pairs/pair-1" in email.body
        assert email.attachment is not None
        assert email.attachment.method == "REQUEST"
        assert "RRULE:FREQ=WEEKLY" in email.attachment.ics
        assert f"mailto:{JUNIOR}@example.com" in email.attachment.ics
        assert f"mailto:{SENIOR}@example.com" in email.attachment.ics.replace("\r\n ", "")
    assert ("email", "pair_introduction", "skipped", "with_series") in (
        harness.metrics.finished_with
    )


async def test_ending_a_pair_is_one_email_per_person_the_series_cancellation(
    harness: Harness,
) -> None:
    events = notified_events()
    await harness.intake.handle(events["pair_ended"], SOURCE)
    await harness.dispatcher.run_due()
    assert {i.template for i in harness.inbox.items.values()} == {"pair_ended"}  # at once
    assert harness.email.sent == []  # waits for the series' cancellation
    await harness.intake.handle(series_changed("ended"), SOURCE)

    await harness.run_for(timedelta(minutes=15))

    emails = sorted(harness.email.sent, key=lambda e: e.to_address)
    assert [e.to_address for e in emails] == [f"{JUNIOR}@example.com", f"{SENIOR}@example.com"]
    for email in emails:
        assert "the pairing has ended" in email.body
        assert email.attachment is not None
        assert email.attachment.method == "CANCEL"
    assert ("email", "pair_ended", "skipped", "with_series") in harness.metrics.finished_with


async def test_a_series_cancelled_for_another_reason_does_not_silence_a_later_pair_end(
    harness: Harness,
) -> None:
    await harness.intake.handle(series_changed("ended", reason="series_cancelled"), SOURCE)
    await harness.intake.handle(notified_events()["pair_ended"], SOURCE)

    await harness.run_for(timedelta(minutes=11))

    templates = sorted(e.headers["X-Twoway-Template"] for e in harness.email.sent)
    assert templates == ["pair_ended", "pair_ended", "series_cancelled", "series_cancelled"]


async def test_a_recipient_whose_join_is_still_queued_is_waited_for_not_dead_lettered(
    harness: Harness,
) -> None:
    harness.contacts.contacts.pop(JUNIOR)  # a burst: the junior's join is minutes behind
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=3), step=timedelta(seconds=10))
    assert harness.email.sent == []  # the senior's names the junior: it waits too
    assert harness.dead_letters.entries == []  # four retries would have given up by now

    await harness.contacts.save(contact(JUNIOR), 1)
    await harness.run_for(timedelta(minutes=1), step=timedelta(seconds=10))
    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]


async def test_a_recipient_never_known_is_dead_lettered_after_the_wait(harness: Harness) -> None:
    harness.contacts.contacts.pop(JUNIOR)
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=20), step=timedelta(seconds=30))
    assert len(harness.dead_letters.entries) == 1


async def test_a_message_naming_an_unknown_partner_waits_then_names_their_role(
    harness: Harness,
) -> None:
    harness.contacts.contacts.pop(SENIOR)  # the senior's join is still on its way
    await harness.intake.handle(notified_events()["session_reminder"], SOURCE)
    await harness.dispatcher.run_due()
    assert harness.email.sent == []  # waiting for the partner's name

    await harness.run_for(timedelta(minutes=11))

    (email,) = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert "your partner" not in (email.subject + email.body).lower()
    assert "your reverse mentee" in email.subject
    assert harness.metrics.name_fallbacks == ["session_reminder"] * 2  # the email and the inbox


async def test_same_event_twice_gives_one_email_per_person(harness: Harness) -> None:
    event = notified_events()["series_invitation"]
    assert await harness.intake.handle(event, SOURCE) == 4
    await harness.dispatcher.run_due()
    assert await harness.intake.handle(event, SOURCE) == 0
    await harness.dispatcher.run_due()
    assert len(harness.email.sent) == 2
    assert all(
        e.attachment is not None and e.attachment.method == "REQUEST" for e in harness.email.sent
    )


async def test_transient_failures_are_retried_with_backoff_until_accepted(harness: Harness) -> None:
    harness.email.failures = [
        DeliveryError("SMTP451", transient=True),
        DeliveryError("SMTP421", transient=True),
    ]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.dispatcher.run_due()
    assert harness.email.sent == []
    assert harness.metrics.retries == 1
    retry = harness.deliveries.with_status(Status.RETRY)[0]
    assert timedelta(seconds=5) <= retry.not_before - NOW <= timedelta(seconds=10)
    await harness.run_for(timedelta(minutes=5), step=timedelta(seconds=5))
    assert len(harness.email.sent) == 1
    assert harness.email.attempts == 3
    email_sent = [e for e in harness.audit(NotificationSent) if e.channel == "email"]
    assert [e.attempts for e in email_sent] == [3]
    assert harness.dead_letters.entries == []


async def test_permanent_failure_is_reported_and_dead_lettered_once(harness: Harness) -> None:
    harness.email.failures = [DeliveryError("SMTP550", transient=False)]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.run_for(timedelta(minutes=10))
    failed = harness.audit(NotificationFailed)
    assert len(failed) == 1
    assert failed[0].permanent
    assert failed[0].error_type == "SMTP550"
    assert harness.email.attempts == 1
    assert [(error, permanent) for _id, error, permanent in harness.dead_letters.entries] == [
        ("SMTP550", True)
    ]
    assert len(harness.inbox.items) == 1  # other channels are unaffected


async def test_retries_are_bounded(harness: Harness) -> None:
    harness.email.failures = [DeliveryError("SMTP451", transient=True)] * 10
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    await harness.run_for(timedelta(hours=1))
    assert harness.email.attempts == 4
    failed = harness.audit(NotificationFailed)
    assert len(failed) == 1
    assert not failed[0].permanent
    assert failed[0].attempts == 4
    assert harness.dead_letters.entries[0][2] is False


async def test_webhook_rejection_fails_the_channel_post_and_the_next_alert_goes_out(
    harness: Harness,
) -> None:
    harness.chat.failures = [DeliveryError("HTTP400", transient=False)]
    events = notified_events()
    await harness.intake.handle(events["pair_at_risk"], SOURCE)
    await harness.dispatcher.run_due()
    await harness.intake.handle(events["series_unschedulable"], SOURCE)
    await harness.dispatcher.run_due()
    failed = harness.audit(NotificationFailed)
    assert [(e.channel, e.template, e.error_type) for e in failed] == [
        ("chat", "pair_at_risk", "HTTP400")
    ]
    assert len(harness.chat.posts) == 1
    assert "pair-1" in harness.chat.posts[0][1]
    assert len(harness.dead_letters.entries) == 1


async def test_night_time_email_waits_for_the_recipients_morning(harness: Harness) -> None:
    harness.clock = night = FixedClock(datetime(2026, 3, 3, 22, 0, tzinfo=UTC))  # 23:00 Berlin
    h = Harness(clock=night)
    await h.setup_program()
    event = notified_events()["series_invitation"].model_copy(update={"occurred_at": night.now()})
    await h.intake.handle(event, SOURCE)
    await h.dispatcher.run_due()
    assert h.email.sent == []
    assert len(h.inbox.items) == 2
    deferred = h.deliveries.with_status(Status.DEFERRED)
    assert {d.not_before for d in deferred} == {datetime(2026, 3, 4, 7, 0, tzinfo=UTC)}
    await h.dispatcher.report_queue()
    assert h.metrics.queue[("email", "deferred")] == 2
    await h.run_for(timedelta(hours=9), step=timedelta(minutes=30))
    assert len(h.email.sent) == 2


async def test_digest_groups_low_priority_messages_into_one_morning_email(harness: Harness) -> None:
    await harness.preferences.put(JUNIOR, Preferences(daily_digest=True))
    events = notified_events()
    first = events["feedback_requested"]
    second = first.model_copy(update={"event_id": envelope()["event_id"], "request_id": "r-2"})
    missed = events["session_missed"]
    for event in (first, second, missed):
        await harness.intake.handle(event, SOURCE)
    await harness.dispatcher.run_due()
    # the senior has no digest: their "missed session" email goes out at once
    assert [e.to_address for e in harness.email.sent] == [f"{SENIOR}@example.com"]
    assert len(harness.deliveries.with_status(Status.HELD)) == 3
    await harness.run_for(timedelta(hours=24), step=timedelta(minutes=30))
    digests = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert len(digests) == 1
    assert "3" in digests[0].subject
    assert digests[0].body.count("\n- ") == 3
    assert all(
        r.status is Status.SENT
        for r in harness.deliveries.records.values()
        if r.recipient_id == JUNIOR and r.channel is Channel.EMAIL
    )


async def test_unknown_recipient_is_retried_until_their_profile_arrives() -> None:
    h = Harness()
    await h.programs.save(program_profile(ProgramLaunched(**envelope(), settings=SETTINGS)))
    await h.intake.handle(notified_events()["feedback_requested"], SOURCE)
    await h.dispatcher.run_due()
    assert h.email.sent == []
    assert len(h.inbox.items) == 1
    await h.intake.handle(ParticipantJoined(**envelope(), participant=profile()), SOURCE)
    await h.run_for(timedelta(minutes=2), step=timedelta(seconds=15))
    subjects = sorted(e.subject for e in h.email.sent)
    assert len(subjects) == 2
    assert any("Welcome" in s for s in subjects)


async def test_admin_alert_before_the_program_is_known_is_retried_by_the_consumer() -> None:
    h = Harness()
    with pytest.raises(ProgramNotKnownYet):
        await h.intake.handle(notified_events()["pair_at_risk"], SOURCE)


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


async def test_send_interrupted_by_a_crash_is_retried_once_then_given_up(harness: Harness) -> None:
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    await harness.deliveries.claim(email_id, harness.clock.now())  # then the process dies
    harness.clock.advance(timedelta(minutes=6))
    assert await harness.dispatcher.recover_stuck() == 1
    assert harness.deliveries.records[email_id].status is Status.RETRY
    await harness.deliveries.claim(email_id, harness.clock.now())  # and dies again
    harness.clock.advance(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()
    record = harness.deliveries.records[email_id]
    assert record.status is Status.FAILED
    assert [e.error_type for e in harness.audit(NotificationFailed)] == ["unconfirmed_send"]
    assert harness.email.sent == []


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


async def test_chat_opt_in_mentions_the_handle_in_the_program_channel(harness: Harness) -> None:
    await harness.contacts.save(replace(contact(JUNIOR), chat_handle="ada.j"), 2)
    await harness.preferences.put(JUNIOR, Preferences(chat=True))
    await harness.intake.handle(notified_events()["session_reminder"], SOURCE)
    await harness.dispatcher.run_due()
    assert len(harness.chat.posts) == 1
    url, text = harness.chat.posts[0]
    assert url == str(SETTINGS.chat_webhook_url)
    assert text.startswith("@ada.j ")
    assert SENIOR not in text


async def test_outcome_not_recorded_after_a_send_is_not_resent_at_once(harness: Harness) -> None:
    original_finish = harness.deliveries.finish
    calls = 0

    async def flaky_finish(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("write failed after the send")
        await original_finish(*args, **kwargs)  # type: ignore[arg-type]

    harness.deliveries.finish = flaky_finish  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    await harness.dispatcher.process(email_id)
    await harness.run_for(timedelta(minutes=2))
    assert len(harness.email.sent) == 1
    assert harness.deliveries.records[email_id].status is Status.SENDING


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


async def test_a_handful_sent_but_not_recorded_is_not_resent_at_once(harness: Harness) -> None:
    async def write_fails(*args: object, **kwargs: object) -> set[str]:
        raise RuntimeError("write failed after the sends")

    harness.deliveries.finish_many = write_fails  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["series_invitation"], SOURCE)
    await harness.run_for(timedelta(minutes=2))
    assert len(harness.email.sent) == 2
    # Left SENDING for crash recovery (at most one retry), not claimed and sent again now.
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENDING}


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


async def test_deliveries_handed_over_to_a_process_that_died_go_out_after_the_claim_timeout(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    await harness.intake_with(handed.extend).handle(notified_events()["series_invitation"], SOURCE)
    # The process dies before sending: `handed` is lost with it.
    await harness.run_for(timedelta(minutes=4))
    await harness.dispatcher.recover_stuck()
    assert harness.email.sent == []
    await harness.run_for(timedelta(minutes=3))
    await harness.dispatcher.recover_stuck()
    await harness.run_for(timedelta(minutes=1))
    assert sorted(e.to_address for e in harness.email.sent) == [
        f"{JUNIOR}@example.com",
        f"{SENIOR}@example.com",
    ]
    assert {r.status for r in harness.deliveries.records.values()} == {Status.SENT}


async def test_a_send_repeated_after_a_crash_is_a_second_audit_event(harness: Harness) -> None:
    original_finish_many = harness.deliveries.finish_many
    crashed = False

    async def crash_once_after_publishing(*args: object, **kwargs: object) -> set[str]:
        nonlocal crashed
        if not crashed:
            crashed = True
            raise RuntimeError("process died after publishing, before recording")
        return await original_finish_many(*args, **kwargs)  # type: ignore[arg-type]

    harness.deliveries.finish_many = crash_once_after_publishing  # type: ignore[method-assign]
    await harness.intake.handle(notified_events()["welcome"], SOURCE)
    email_id = next(
        r.delivery_id for r in harness.deliveries.records.values() if r.channel is Channel.EMAIL
    )
    await harness.dispatcher.run_due()
    await harness.run_for(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()
    await harness.run_for(timedelta(minutes=1))
    sent = [e for e in harness.audit(NotificationSent) if e.delivery_id == email_id]
    assert len(harness.email.sent) == 2  # the one duplicate the design allows
    assert [e.attempts for e in sent] == [1, 2]
    assert len({e.event_id for e in sent}) == 2  # never one id with two contents


async def test_a_claim_held_in_memory_too_long_is_renewed_or_left_to_recovery(
    harness: Harness,
) -> None:
    handed: list[DeliveryRecord] = []
    intake = harness.intake_with(handed.extend)
    await intake.handle(notified_events()["series_invitation"], SOURCE)
    harness.clock.advance(timedelta(minutes=3))  # a backlog, or the clock moved forward
    await harness.dispatcher.run_claimed(handed)  # still this claim: renewed and sent
    assert len(harness.email.sent) == 2

    handed.clear()
    await intake.handle(notified_events()["series_invitation"], SOURCE)
    harness.clock.advance(timedelta(minutes=6))
    await harness.dispatcher.recover_stuck()  # recovery took these back meanwhile
    await harness.dispatcher.run_claimed(handed)  # so nothing is sent from memory
    assert len(harness.email.sent) == 2
    await harness.run_for(timedelta(minutes=1))
    assert len(harness.email.sent) == 4  # sent once, from recovery
