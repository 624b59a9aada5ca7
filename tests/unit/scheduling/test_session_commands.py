"""Moving, cancelling and completing sessions: what is accepted, and why the rest is not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from services.scheduling.domain.model import Attendance, SessionStatus
from services.scheduling.domain.rules import SchedulingRefused, UnknownSession
from shared.events import SessionCancelled, SessionCompleted, SessionRescheduled
from tests.unit.scheduling.builders import joined, pair_created, program_launched
from tests.unit.scheduling.service_harness import Service, build_service

WINDOWS = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]
ATTENDED = Attendance(attended_junior=True, attended_senior=True, minutes=50, notes_taken=True)


async def planned_service(**program: Any) -> tuple[Service, list[str]]:
    service = build_service()
    await service.read_models.on_program_event(program_launched(**program))
    for pid, role in (("j-1", "junior"), ("s-1", "senior"), ("j-2", "junior")):
        await service.read_models.on_participant_event(joined(pid, role, "Europe/Berlin", WINDOWS))
    await service.planner.on_pair_created(pair_created())
    sessions = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)
    return service, [s.session_id for s in sessions]


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def refusal(error: pytest.ExceptionInfo[SchedulingRefused]) -> tuple[str, bool]:
    return error.value.code, error.value.conflict


async def test_moving_a_session_raises_its_invitation_sequence_and_keeps_its_uid() -> None:
    service, ids = await planned_service()

    moved = await service.commands.reschedule(ids[0], start=at(4, 9))  # Wednesday 10:00 Berlin

    assert moved.start == at(4, 9)
    assert moved.sequence == 1
    (event,) = service.of(SessionRescheduled)
    assert event.previous_start == at(3, 9)
    (vevent,) = Calendar.from_ical(event.ics).walk("VEVENT")
    assert str(vevent["UID"]) == f"{ids[0]}@twoway"
    assert vevent.decoded("SEQUENCE") == 1


async def test_repeating_the_same_move_changes_nothing() -> None:
    service, ids = await planned_service()

    await service.commands.reschedule(ids[0], start=at(4, 9))
    again = await service.commands.reschedule(ids[0], start=at(4, 9))

    assert again.sequence == 1
    assert len(service.events("SessionRescheduled")) == 1


@pytest.mark.parametrize(
    ("start", "code", "conflict"),
    [
        (at(4, 13), "outside_availability", False),  # 14:00 in Berlin
        (at(1, 7), "in_the_past", False),
        (at(2, 9, month=6), "outside_program", False),
        (at(10, 9), "slot_taken", True),  # the pair's own next session
    ],
)
async def test_impossible_moves_are_refused_with_a_reason(
    start: datetime, code: str, conflict: bool
) -> None:
    service, ids = await planned_service()

    with pytest.raises(SchedulingRefused) as error:
        await service.commands.reschedule(ids[0], start=start)

    assert refusal(error) == (code, conflict)
    assert service.events("SessionRescheduled") == []


async def test_moving_onto_a_blackout_date_is_refused() -> None:
    service, ids = await planned_service(blackout_dates=[date(2026, 3, 4)])

    with pytest.raises(SchedulingRefused) as error:
        await service.commands.reschedule(ids[0], start=at(4, 9))

    assert refusal(error) == ("blackout_date", False)


async def test_moving_into_another_pairs_session_of_the_same_person_is_refused() -> None:
    service, ids = await planned_service()
    await service.planner.on_pair_created(pair_created("pair-2", "j-2", "s-1"))
    other = sorted(service.series.docs["pair-2"].sessions, key=lambda s: s.start)[0]

    with pytest.raises(SchedulingRefused) as error:
        await service.commands.reschedule(ids[1], start=other.start)

    assert refusal(error) == ("slot_taken", True)


async def test_next_possible_takes_the_earliest_other_time_both_can_make() -> None:
    service, ids = await planned_service()

    moved = await service.commands.reschedule(ids[0], start=None)

    # The current slot is Tuesday 10:00-11:00 Berlin; the hour after it is the next time
    # both people can make.
    assert moved.start == at(3, 10)  # 11:00 in Berlin
    assert moved.start >= service.clock.now() + timedelta(hours=2)


async def test_unknown_session_is_reported_as_such() -> None:
    service, _ids = await planned_service()

    with pytest.raises(UnknownSession):
        await service.commands.cancel("no-such-session")


async def test_cancelled_session_sends_a_cancel_invitation_and_drops_its_timers() -> None:
    service, ids = await planned_service()

    cancelled = await service.commands.cancel(ids[0])

    assert cancelled.status is SessionStatus.CANCELLED
    (event,) = service.of(SessionCancelled)
    calendar = Calendar.from_ical(event.ics)
    assert calendar["METHOD"] == "CANCEL"
    assert not [t for t in service.timer_store.with_status("pending") if t.session_id == ids[0]]
    with pytest.raises(SchedulingRefused) as error:
        await service.commands.cancel(ids[0])
    assert refusal(error) == ("session_cancelled", True)


async def test_a_session_is_completed_once_it_has_started_and_only_once() -> None:
    service, ids = await planned_service()

    with pytest.raises(SchedulingRefused) as early:
        await service.commands.complete(ids[0], ATTENDED)
    assert refusal(early) == ("not_started", False)

    service.clock.advance(at(3, 10, 25) - service.clock.now())
    completed = await service.commands.complete(ids[0], ATTENDED)
    assert completed.status is SessionStatus.COMPLETED
    (event,) = service.of(SessionCompleted)
    assert (event.minutes, event.notes_taken) == (50, True)

    with pytest.raises(SchedulingRefused) as twice:
        await service.commands.complete(ids[0], ATTENDED)
    assert refusal(twice) == ("session_completed", True)
    with pytest.raises(SchedulingRefused) as moved:
        await service.commands.reschedule(ids[0], start=at(4, 9))
    assert refusal(moved) == ("session_completed", True)

    service.clock.advance(timedelta(days=1))
    await service.timers.fire_due()
    assert service.events("SessionMissed") == []


async def test_cancelling_the_rest_of_a_series_leaves_the_past_alone() -> None:
    service, _ids = await planned_service()
    service.clock.advance(timedelta(days=10))  # two sessions lie in the past

    cancelled = await service.commands.cancel_remaining("pair-1")

    assert len(cancelled) == 11
    assert {e.reason for e in service.of(SessionCancelled)} == {"series_cancelled"}
    with pytest.raises(SchedulingRefused) as error:
        await service.commands.cancel_remaining("pair-1")
    assert refusal(error) == ("series_not_active", True)
