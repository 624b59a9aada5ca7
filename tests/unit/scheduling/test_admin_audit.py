"""An admin's session commands go on the program's audit trail; a participant's own do not,
and an erased person's entries keep who acted and when, but no longer what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.scheduling.domain.model import Attendance
from services.scheduling.domain.rules import SchedulingRefused
from shared.events import ParticipantErased
from tests.unit.scheduling.builders import envelope, joined, pair_created, program_launched
from tests.unit.scheduling.service_harness import Service, build_service

WINDOWS = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]
ATTENDED = Attendance(attended_junior=True, attended_senior=True, minutes=50, notes_taken=True)
PERSONAL = ("Person j-1", "Person s-1", "j-1@example.com", "s-1@example.com")


@dataclass(frozen=True)
class Admin:
    subject: str = "admin-7"


async def planned() -> tuple[Service, list[str]]:
    service = build_service()
    await service.read_models.on_program_event(program_launched())
    for pid, role in (("j-1", "junior"), ("s-1", "senior")):
        await service.read_models.on_participant_event(joined(pid, role, "Europe/Berlin", WINDOWS))
    await service.planner.on_pair_created(pair_created())
    sessions = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)
    return service, [s.session_id for s in sessions]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


async def test_an_admin_moving_a_session_is_on_record_with_the_old_and_new_time() -> None:
    service, ids = await planned()

    await service.commands.reschedule(ids[0], start=at(4, 9), admin=Admin())

    (entry,) = service.audit_trail.of_program("prog-1")
    assert entry.actor_id == "admin-7"
    assert entry.action == "session.rescheduled"
    assert entry.target == ids[0]
    assert entry.at == service.clock.now()
    assert entry.changes == {
        "session_id": ids[0],
        "pair_id": "pair-1",
        "previous_start": at(3, 9).isoformat(),
        "start": at(4, 9).isoformat(),
        "reason": "requested",
    }
    assert set(entry.subjects) == {"j-1", "s-1"}


async def test_a_participant_moving_their_own_session_is_not_an_admin_action() -> None:
    service, ids = await planned()

    await service.commands.reschedule(ids[0], start=at(4, 9))
    await service.commands.cancel(ids[1])

    assert service.audit_trail.entries == {}


async def test_times_are_kept_in_utc_however_the_admin_wrote_them() -> None:
    service, ids = await planned()
    berlin = at(4, 9).astimezone(ZoneInfo("Europe/Berlin"))  # 10:00 local

    await service.commands.reschedule(ids[0], start=berlin, admin=Admin())

    (entry,) = service.audit_trail.of_program("prog-1")
    assert entry.changes["start"] == "2026-03-04T09:00:00+00:00"


async def test_the_same_move_asked_twice_is_recorded_once() -> None:
    service, ids = await planned()

    await service.commands.reschedule(ids[0], start=at(4, 9), admin=Admin())
    await service.commands.reschedule(ids[0], start=at(4, 9), admin=Admin())

    assert len(service.audit_trail.entries) == 1


async def test_cancelling_completing_and_ending_the_series_are_recorded_with_reason_codes() -> None:
    service, ids = await planned()

    await service.commands.cancel(ids[1], admin=Admin())
    service.advance(days=2, hours=2)  # the first session has started
    await service.commands.complete(ids[0], ATTENDED, admin=Admin("admin-8"))
    ended = await service.commands.cancel_remaining("pair-1", admin=Admin())

    entries = {e.action: e for e in service.audit_trail.of_program("prog-1")}
    assert set(entries) == {"session.cancelled", "session.completed", "series.cancelled"}
    assert entries["session.cancelled"].changes["reason"] == "requested"
    assert entries["session.completed"].actor_id == "admin-8"
    assert entries["session.completed"].changes["status"] == "completed"
    series_entry = entries["series.cancelled"]
    assert series_entry.target == "pair-1"
    assert series_entry.changes["sessions_cancelled"] == len(ended) > 0
    assert series_entry.changes["session_ids"] == [s.session_id for s in ended]
    assert series_entry.changes["reason"] == "series_cancelled"
    written = repr([e.changes for e in entries.values()])
    assert not [p for p in PERSONAL if p in written]


async def test_a_refused_command_leaves_nothing_on_record() -> None:
    service, ids = await planned()
    await service.commands.cancel(ids[0])

    with pytest.raises(SchedulingRefused):
        await service.commands.reschedule(ids[0], start=at(4, 9), admin=Admin())
    with pytest.raises(SchedulingRefused):
        await service.commands.complete(ids[1], ATTENDED, admin=Admin())  # not started yet

    assert service.audit_trail.entries == {}


async def test_erasing_either_person_clears_what_their_entries_said() -> None:
    service, ids = await planned()
    await service.commands.reschedule(ids[0], start=at(4, 9), admin=Admin())
    await service.commands.cancel(ids[1], admin=Admin())

    await service.read_models.on_participant_event(
        ParticipantErased(**envelope(), participant_id="s-1")
    )

    entries = service.audit_trail.of_program("prog-1")
    assert [(e.actor_id, e.redacted, e.changes) for e in entries] == [
        ("admin-7", True, {}),
        ("admin-7", True, {}),
    ]
    assert {e.action for e in entries} == {"session.rescheduled", "session.cancelled"}
