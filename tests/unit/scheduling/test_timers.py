"""Reminders and missed-session checks: on time, after downtime, after changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.domain.model import SessionStatus
from services.scheduling.domain.timers import fair_pick
from shared.events import SessionMissed, SessionReminderDue
from tests.unit.scheduling.builders import joined, pair_created, program_launched
from tests.unit.scheduling.service_harness import Service, build_service

WINDOWS = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]
FIRST_START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin


async def planned(policy: SchedulingPolicy | None = None) -> tuple[Service, str]:
    service = build_service(policy=policy)
    await service.read_models.on_program_event(program_launched())
    for pid, role in (("j-1", "junior"), ("s-1", "senior")):
        await service.read_models.on_participant_event(joined(pid, role, "Europe/Berlin", WINDOWS))
    await service.planner.on_pair_created(pair_created())
    first = min(service.series.docs["pair-1"].sessions, key=lambda s: s.start)
    assert first.start == FIRST_START
    return service, first.session_id


def reminders(service: Service) -> list[SessionReminderDue]:
    return service.of(SessionReminderDue)


async def move_to(service: Service, instant: datetime) -> None:
    service.clock.advance(instant - service.clock.now())
    await service.timers.fire_due()


async def test_every_session_gets_two_reminders_and_a_missed_check() -> None:
    service, _first = await planned()

    assert len(service.timer_store.with_status("pending")) == 13 * 3


async def test_reminders_fire_on_time_once_each() -> None:
    service, first = await planned()

    await move_to(service, FIRST_START - timedelta(hours=24))
    await service.timers.fire_due()
    await move_to(service, FIRST_START - timedelta(hours=1))
    await service.timers.fire_due()

    assert [(e.session_id, e.minutes_before) for e in reminders(service)] == [
        (first, 1440),
        (first, 60),
    ]
    lags = [lag for kind, outcome, lag in service.telemetry.fired if kind == "reminder"]
    assert lags == [0.0, 0.0]


async def test_after_downtime_only_the_closest_reminder_is_sent_with_the_real_lead() -> None:
    service, first = await planned()

    await move_to(service, FIRST_START - timedelta(minutes=20))

    assert [(e.session_id, e.minutes_before) for e in reminders(service)] == [(first, 20)]
    stale = [t.timer_id for t in service.timer_store.with_status("stale")]
    assert stale == [f"{first}:reminder:1440"]


async def test_reminders_are_not_sent_once_the_session_has_started() -> None:
    service, _first = await planned()

    await move_to(service, FIRST_START + timedelta(minutes=5))

    assert reminders(service) == []


async def test_missed_check_fires_once_and_records_the_session_as_missed() -> None:
    service, first = await planned()
    due = FIRST_START + timedelta(hours=1, minutes=1) + timedelta(hours=12)

    await move_to(service, due - timedelta(minutes=2))
    assert service.events("SessionMissed") == []
    await move_to(service, due)
    await service.timers.fire_due()

    missed = service.of(SessionMissed)
    assert [e.session_id for e in missed] == [first]
    session = service.series.docs["pair-1"].session(first)
    assert session is not None
    assert session.status is SessionStatus.MISSED


async def test_moved_session_gets_reminders_for_its_new_time_only() -> None:
    service, first = await planned()
    new_start = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)  # Wednesday 10:30 in Berlin
    await service.commands.reschedule(first, start=new_start)

    await move_to(service, FIRST_START - timedelta(hours=1))  # the old 1 h reminder's time
    assert reminders(service) == []
    await move_to(service, new_start - timedelta(hours=24))
    await move_to(service, new_start - timedelta(minutes=30))

    assert [(e.session_id, e.start, e.minutes_before) for e in reminders(service)] == [
        (first, new_start, 1440),
        (first, new_start, 30),
    ]


async def test_moving_a_session_to_short_notice_arms_no_late_day_before_reminder() -> None:
    service, first = await planned()
    service.clock.advance(datetime(2026, 3, 3, 6, 0, tzinfo=UTC) - service.clock.now())

    await service.commands.reschedule(first, start=datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    await service.timers.fire_due()

    assert reminders(service) == []
    armed = {t.timer_id for t in service.timer_store.with_status("pending")}
    assert f"{first}:reminder:60" in armed
    assert f"{first}:reminder:1440" not in armed


async def test_a_timer_abandoned_mid_fire_is_taken_over_after_its_lease() -> None:
    service, first = await planned()
    service.clock.advance(FIRST_START - timedelta(minutes=59) - service.clock.now())
    timer_id = f"{first}:reminder:60"
    now = service.clock.now()
    claimed = await service.timer_store.claim(
        timer_id, now=now, lease_now=now, owner="dead", lease_until=now + timedelta(seconds=30)
    )
    assert claimed is not None

    await service.timers.fire_due()
    assert [e for e in reminders(service) if e.minutes_before == 59] == []  # still leased
    service.clock.advance(timedelta(seconds=31))
    await service.timers.fire_due()

    assert [e.session_id for e in reminders(service)] == [first]
    assert service.timer_store.rows[timer_id].status == "fired"


async def test_unarmed_timers_are_armed_by_the_sweep() -> None:
    service, _first = await planned()
    service.timer_store.rows.clear()
    service.series.dirty.add("pair-1")  # as if the process stopped right after saving

    await service.timers.sync_pending()

    assert len(service.timer_store.with_status("pending")) == 13 * 3
    assert service.series.dirty == set()


async def test_after_a_jump_the_reminder_and_the_missed_check_fire_in_one_pass() -> None:
    service, first = await planned()
    second = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)[1]

    await move_to(service, second.start - timedelta(hours=1))

    fired = {
        (type(e).__name__, e.session_id)
        for e in service.publisher.events
        if isinstance(e, SessionReminderDue | SessionMissed)
    }
    assert fired == {("SessionReminderDue", second.session_id), ("SessionMissed", first)}


def test_the_due_scan_picks_reminders_first_and_programs_in_turns() -> None:
    big = [(f"a-{n}:missed", "big", "missed") for n in range(3)]
    big += [(f"a-{n}:reminder:60", "big", "reminder") for n in range(5)]
    small = [("b-1:missed", "small", "missed"), ("b-1:reminder:60", "small", "reminder")]

    picked = fair_pick(big + small, 4)

    assert picked == ["a-0:reminder:60", "b-1:reminder:60", "a-1:reminder:60", "a-2:reminder:60"]
    assert fair_pick(big + small, 100)[5:7] == ["a-4:reminder:60", "a-0:missed"]
    assert fair_pick(big + small, 100)[7] == "b-1:missed"
