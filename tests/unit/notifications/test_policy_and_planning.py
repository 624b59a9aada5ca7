"""Send now, later, in the digest, or not at all; and who gets which channels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.application.occasions import occasion_for
from services.notifications.domain.digest import HeldItem, group_for_digest, shown_entries
from services.notifications.domain.model import (
    Audience,
    Channel,
    Occasion,
    Preferences,
    Priority,
    QuietHours,
)
from services.notifications.domain.pacing import Backoff, TokenBucket
from services.notifications.domain.planning import plan_deliveries
from services.notifications.domain.policy import Action, DeliveryFacts, decide
from tests.unit.notifications.samples import (
    ADMIN,
    JUNIOR,
    SENIOR,
    contact,
    notified_events,
    program_profile,
)

NOON_BERLIN = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
NIGHT_BERLIN = datetime(2026, 3, 3, 22, 0, tzinfo=UTC)
AGE = timedelta(hours=72)


def facts(**overrides: object) -> DeliveryFacts:
    base: dict[str, object] = {
        "channel": Channel.EMAIL,
        "audience": Audience.PARTICIPANT,
        "priority": Priority.NORMAL,
        "occurred_at": NOON_BERLIN - timedelta(minutes=1),
        "expires_at": None,
        "has_address": True,
    }
    base.update(overrides)
    return DeliveryFacts(**base)  # type: ignore[arg-type]


def test_daytime_email_goes_out_now() -> None:
    decision = decide(facts(), Preferences(), "Europe/Berlin", now=NOON_BERLIN, max_age=AGE)
    assert decision.action is Action.SEND


def test_night_email_is_deferred_to_the_recipients_morning() -> None:
    decision = decide(
        facts(occurred_at=NIGHT_BERLIN),
        Preferences(),
        "Europe/Berlin",
        now=NIGHT_BERLIN,
        max_age=AGE,
    )
    assert decision.action is Action.DEFER
    assert decision.at == datetime(2026, 3, 4, 7, 0, tzinfo=UTC)


def test_inbox_ignores_quiet_hours() -> None:
    decision = decide(
        facts(channel=Channel.INBOX, occurred_at=NIGHT_BERLIN),
        Preferences(),
        "Europe/Berlin",
        now=NIGHT_BERLIN,
        max_age=AGE,
    )
    assert decision.action is Action.SEND


def test_travelling_recipient_uses_the_zone_in_their_preferences() -> None:
    in_tokyo = Preferences(timezone="Asia/Tokyo")  # 22:00 UTC is 07:00 in Tokyo: still quiet
    decision = decide(facts(), in_tokyo, "Europe/Berlin", now=NIGHT_BERLIN, max_age=AGE)
    assert decision.action is Action.DEFER
    assert decision.at == datetime(2026, 3, 3, 23, 0, tzinfo=UTC)


def test_reminder_that_would_arrive_after_the_session_is_sent_despite_quiet_hours() -> None:
    session_at_0730 = datetime(2026, 3, 4, 6, 30, tzinfo=UTC)  # before 08:00 Berlin
    decision = decide(
        facts(priority=Priority.HIGH, expires_at=session_at_0730, occurred_at=NIGHT_BERLIN),
        Preferences(),
        "Europe/Berlin",
        now=NIGHT_BERLIN,
        max_age=AGE,
    )
    assert decision.action is Action.SEND


def test_reminder_after_the_session_started_is_dropped() -> None:
    decision = decide(
        facts(expires_at=NOON_BERLIN - timedelta(minutes=5)),
        Preferences(),
        "Europe/Berlin",
        now=NOON_BERLIN,
        max_age=AGE,
    )
    assert (decision.action, decision.reason) == (Action.SKIP, "expired")


def test_replayed_old_event_does_not_email_anyone() -> None:
    decision = decide(
        facts(occurred_at=NOON_BERLIN - timedelta(days=10)),
        Preferences(),
        "Europe/Berlin",
        now=NOON_BERLIN,
        max_age=AGE,
    )
    assert (decision.action, decision.reason) == (Action.SKIP, "stale")


def test_channel_switched_off_is_skipped() -> None:
    decision = decide(
        facts(), Preferences(email=False), "Europe/Berlin", now=NOON_BERLIN, max_age=AGE
    )
    assert (decision.action, decision.reason) == (Action.SKIP, "opted_out")


def test_low_priority_email_waits_for_the_digest_of_those_who_want_one() -> None:
    prefs = Preferences(daily_digest=True, quiet_hours=QuietHours("22:00", "07:30"))
    decision = decide(
        facts(priority=Priority.LOW), prefs, "Europe/Berlin", now=NOON_BERLIN, max_age=AGE
    )
    assert decision.action is Action.HOLD
    assert decision.at == datetime(2026, 3, 4, 6, 30, tzinfo=UTC)  # 07:30 Berlin
    high = decide(
        facts(priority=Priority.HIGH), prefs, "Europe/Berlin", now=NOON_BERLIN, max_age=AGE
    )
    assert high.action is Action.SEND


def test_program_channel_ignores_personal_preferences_and_quiet_hours() -> None:
    decision = decide(
        facts(channel=Channel.CHAT, audience=Audience.PROGRAM_CHANNEL, occurred_at=NIGHT_BERLIN),
        Preferences(chat=False),
        "Europe/Berlin",
        now=NIGHT_BERLIN,
        max_age=AGE,
    )
    assert decision.action is Action.SEND


def plan(template: str, **kwargs: object):
    occasion = occasion_for(notified_events()[template])
    assert isinstance(occasion, Occasion)
    defaults: dict[str, object] = {
        "program": program_profile(),
        "participants": {JUNIOR: contact(JUNIOR), SENIOR: contact(SENIOR)},
        "admins": {ADMIN: contact(ADMIN)},
        "erased": set(),
        "preferences": {},
    }
    defaults.update(kwargs)
    return {(p.recipient_id, p.channel) for p in plan_deliveries(occasion, **defaults)}  # type: ignore[arg-type]


def test_introduction_goes_to_both_people_by_email_and_inbox() -> None:
    assert plan("pair_introduction") == {
        (JUNIOR, Channel.EMAIL),
        (JUNIOR, Channel.INBOX),
        (SENIOR, Channel.EMAIL),
        (SENIOR, Channel.INBOX),
    }


def test_chat_mention_needs_a_handle_and_an_opt_in() -> None:
    with_handle = {JUNIOR: contact(JUNIOR, chat_handle="ada"), SENIOR: contact(SENIOR)}
    assert (JUNIOR, Channel.CHAT) not in plan("session_reminder", participants=with_handle)
    opted_in = plan(
        "session_reminder", participants=with_handle, preferences={JUNIOR: Preferences(chat=True)}
    )
    assert (JUNIOR, Channel.CHAT) in opted_in
    assert (SENIOR, Channel.CHAT) not in opted_in
    # how a pair is doing is never announced in the shared channel
    at_risk = plan(
        "pair_ended", participants=with_handle, preferences={JUNIOR: Preferences(chat=True)}
    )
    assert (JUNIOR, Channel.CHAT) not in at_risk


def test_at_risk_alert_goes_to_admins_and_the_program_channel_not_the_pair() -> None:
    assert plan("pair_at_risk") == {
        (ADMIN, Channel.EMAIL),
        (ADMIN, Channel.INBOX),
        ("channel:emea-2026", Channel.CHAT),
    }


def test_admin_without_registered_email_still_gets_the_inbox() -> None:
    assert plan("series_unschedulable", admins={}) == {
        (ADMIN, Channel.INBOX),
        ("channel:emea-2026", Channel.CHAT),
    }


def test_erased_person_gets_nothing_and_unknown_person_gets_the_defaults() -> None:
    planned = plan("pair_introduction", participants={}, erased={SENIOR})
    assert planned == {(JUNIOR, Channel.EMAIL), (JUNIOR, Channel.INBOX)}


def test_people_with_email_off_get_only_the_inbox() -> None:
    planned = plan("feedback_requested", preferences={JUNIOR: Preferences(email=False)})
    assert planned == {(JUNIOR, Channel.INBOX)}


def held(delivery_id: str, recipient: str, day: str, minute: int) -> HeldItem:
    return HeldItem(
        delivery_id=delivery_id,
        recipient_id=recipient,
        program_id="emea-2026",
        template="feedback_requested",
        created_at=datetime(2026, 3, 3, 10, minute, tzinfo=UTC),
        digest_date=day,
    )


def test_digest_groups_by_recipient_and_local_date_oldest_first() -> None:
    batches = group_for_digest(
        [
            held("d3", "ada", "2026-03-04", 30),
            held("d1", "ada", "2026-03-04", 10),
            held("d2", "grace", "2026-03-04", 20),
            held("d4", "ada", "2026-03-05", 0),
            held("d1", "ada", "2026-03-04", 10),  # seen twice in one pass
        ]
    )
    assert [(b.recipient_id, b.digest_date, [i.delivery_id for i in b.items]) for b in batches] == [
        ("ada", "2026-03-04", ["d1", "d3"]),
        ("ada", "2026-03-05", ["d4"]),
        ("grace", "2026-03-04", ["d2"]),
    ]


def test_long_digest_is_capped() -> None:
    assert shown_entries(3) == (3, 0)
    assert shown_entries(80) == (50, 30)


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling() -> None:
    backoff = Backoff(max_attempts=5, base_seconds=1.0, max_seconds=10.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 10.0), (9, 10.0)]:
        delays = {backoff.delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jittered
    assert not backoff.exhausted(4)
    assert backoff.exhausted(5)


def test_token_bucket_allows_a_burst_then_paces() -> None:
    bucket = TokenBucket(rate=2.0, burst=3, now=0.0)
    assert [bucket.reserve(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve(0.0) == pytest.approx(0.5)
    assert bucket.reserve(0.0) == pytest.approx(1.0)  # queued behind the previous caller
    assert bucket.reserve(10.0) == 0.0  # refilled, capped at the burst
    with pytest.raises(ValueError, match="rate must be"):
        TokenBucket(rate=0, burst=1, now=0.0)
