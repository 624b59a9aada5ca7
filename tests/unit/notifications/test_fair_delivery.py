"""A person's inbox is not flooded, and every program's queue is visible in the metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.notifications.application.mapping import program_profile
from services.notifications.domain.fairness import in_turns
from services.notifications.domain.model import Audience, Channel, Preferences, Priority, Status
from services.notifications.domain.policy import Action, DeliveryFacts, decide
from shared.events import ParticipantJoined, ProgramLaunched
from tests.unit.notifications.delivery_harness import SOURCE, Harness
from tests.unit.notifications.samples import (
    JUNIOR,
    PROGRAM,
    SETTINGS,
    envelope,
    notified_events,
    profile,
)

NOON = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
BIG = "big-round"


def facts(priority: Priority, *, over_cap: bool) -> DeliveryFacts:
    return DeliveryFacts(
        channel=Channel.EMAIL,
        audience=Audience.PARTICIPANT,
        priority=priority,
        occurred_at=NOON,
        expires_at=None,
        has_address=True,
        over_daily_cap=over_cap,
    )


def test_mail_over_the_daily_cap_waits_for_the_digest() -> None:
    decision = decide(
        facts(Priority.NORMAL, over_cap=True),
        Preferences(),
        "Europe/Berlin",
        now=NOON,
        max_age=timedelta(days=3),
    )
    assert decision.action is Action.HOLD
    assert decision.reason == "daily_cap"
    assert decision.at == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 in Berlin


def feedback_requests(count: int) -> list:
    first = notified_events()["feedback_requested"]
    return [
        first.model_copy(update={"event_id": envelope()["event_id"], "request_id": f"r-{n}"})
        for n in range(count)
    ]


async def test_a_person_gets_at_most_the_daily_cap_of_non_urgent_emails() -> None:
    harness = Harness(daily_email_cap=2)
    await harness.setup_program()
    for event in feedback_requests(5):
        await harness.intake.handle(event, SOURCE)
        await harness.dispatcher.run_due()

    to_junior = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert len(to_junior) == 2
    held = [r for r in harness.deliveries.with_status(Status.HELD) if r.recipient_id == JUNIOR]
    assert len(held) == 3  # tomorrow morning, as one digest
    assert len([i for i in harness.inbox.items.values() if i.recipient_id == JUNIOR]) == 5

    await harness.run_for(timedelta(hours=24), step=timedelta(minutes=30))
    to_junior = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert len(to_junior) == 3  # two that day, then one digest of the other three


async def test_invitations_and_reminders_are_never_capped() -> None:
    harness = Harness(daily_email_cap=1)
    await harness.setup_program()
    events = notified_events()
    for name in ("series_invitation", "session_reminder", "session_rescheduled"):
        await harness.intake.handle(events[name], SOURCE)
    await harness.dispatcher.run_due()
    to_junior = [e for e in harness.email.sent if e.to_address == f"{JUNIOR}@example.com"]
    assert len(to_junior) == 3


async def test_the_backlog_is_reported_per_program_and_priority() -> None:
    harness = Harness()
    await harness.setup_program()
    for event in feedback_requests(3):
        await harness.intake.handle(event, SOURCE)  # written pending, not sent yet
    harness.clock.advance(timedelta(seconds=90))

    await harness.dispatcher.report_queue()

    (line,) = harness.metrics.backlog_lines
    assert (line.program_id, line.priority, line.count) == ("emea-2026", "low", 6)
    assert harness.clock.now() - line.oldest_due == timedelta(seconds=90)


def test_claims_take_turns_across_programs_one_each() -> None:
    lanes = {"a": ["a1", "a2", "a3", "a4"], "b": ["b1"], "c": ["c1", "c2"]}
    assert in_turns(lanes, 5) == ["a1", "b1", "c1", "a2", "c2"]
    assert in_turns(lanes, 100) == ["a1", "b1", "c1", "a2", "c2", "a3", "a4"]
    assert in_turns({}, 3) == []


async def test_a_big_backlog_in_one_program_leaves_room_in_the_scan_for_another() -> None:
    harness = Harness()
    await harness.setup_program()
    settings = SETTINGS.model_copy(update={"name": "Big round"})
    launched = ProgramLaunched(**envelope(program_id=BIG), settings=settings)
    await harness.programs.save(program_profile(launched))
    for _ in range(150):  # 300 deliveries (email and inbox) due in the big program...
        joined = ParticipantJoined(**envelope(program_id=BIG), participant=profile())
        await harness.intake.handle(joined, SOURCE)
    # ...written before the small program's two
    await harness.intake.handle(ParticipantJoined(**envelope(), participant=profile()), SOURCE)

    await harness.dispatcher.run_due()  # one scan of `batch` (100)

    sent = harness.deliveries.with_status(Status.SENT)
    assert len(sent) == 100
    assert sorted(r.channel.value for r in sent if r.program_id == PROGRAM) == ["email", "inbox"]
