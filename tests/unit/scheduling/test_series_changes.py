"""A planned series follows what happens to its pair and people: pair ends, availability
and blackout changes, erasure and withdrawal move or cancel only what they must."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.scheduling.domain.model import SeriesStatus, SessionStatus
from shared.events import (
    PairEnded,
    ParticipantErased,
    ParticipantUpdated,
    ParticipantWithdrew,
    ProgramUpdated,
    SessionCancelled,
    SessionRescheduled,
    SessionScheduled,
)
from tests.unit.scheduling.builders import (
    envelope,
    joined,
    local,
    pair_created,
    profile,
    settings_for,
)
from tests.unit.scheduling.program_ready import TUESDAY_MORNING, ready
from tests.unit.scheduling.service_harness import build_service


async def test_pair_ended_cancels_upcoming_sessions_only() -> None:
    service = build_service()
    await ready(service)
    await service.planner.on_pair_created(pair_created())
    service.clock.advance(timedelta(days=20))  # two sessions are in the past now

    ended = PairEnded(
        **envelope(), pair_id="pair-1", junior_id="j-1", senior_id="s-1", reason="admin"
    )
    await service.upkeep.on_pair_ended(ended)
    await service.upkeep.on_pair_ended(ended)

    cancelled = service.of(SessionCancelled)
    assert len(cancelled) == 10
    assert {e.reason for e in cancelled} == {"pair_ended"}
    assert all(e.start > service.clock.now() for e in cancelled)
    assert all("METHOD:CANCEL" in e.ics and "SEQUENCE:1" in e.ics for e in cancelled)
    assert service.series.docs["pair-1"].status is SeriesStatus.ENDED
    assert not [t for t in service.timer_store.with_status("pending")]


async def test_pair_ended_before_pair_created_plans_nothing() -> None:
    service = build_service()
    await ready(service)
    await service.upkeep.on_pair_ended(
        PairEnded(**envelope(), pair_id="pair-1", junior_id="j-1", senior_id="s-1", reason="admin")
    )

    await service.planner.on_pair_created(pair_created())

    assert service.events("SessionScheduled") == []


async def test_availability_change_moves_only_the_sessions_that_no_longer_fit() -> None:
    service = build_service()
    windows = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]
    await ready(service, senior_windows=windows, junior_windows=windows)
    await service.planner.on_pair_created(pair_created())
    before = {e.session_id: e.start for e in service.of(SessionScheduled)}

    # The senior is no longer free on Tuesdays.
    await service.read_models.on_participant_event(
        ParticipantUpdated(
            **envelope(),
            participant=profile("s-1", "senior", "Europe/Berlin", [("wed", "10:00", "12:00")]),
            profile_version=2,
        )
    )

    moved = service.of(SessionRescheduled)
    tuesday_sessions = [
        sid for sid, s in before.items() if local(s, "Europe/Berlin").weekday() == 1
    ]
    assert sorted(e.session_id for e in moved) == sorted(tuesday_sessions)
    assert all(local(e.start, "Europe/Berlin").weekday() == 2 for e in moved)
    assert {e.reason for e in moved} == {"availability_changed"}
    assert {e.ics_sequence for e in moved} == {1}


async def test_availability_change_without_any_slot_cancels_with_no_slot() -> None:
    service = build_service()
    await ready(service)
    await service.planner.on_pair_created(pair_created())

    await service.read_models.on_participant_event(
        ParticipantUpdated(
            **envelope(),
            participant=profile("s-1", "senior", "Europe/Berlin", [("fri", "10:00", "12:00")]),
            profile_version=2,
        )
    )

    cancelled = service.of(SessionCancelled)
    assert len(cancelled) == 13
    assert {e.reason for e in cancelled} == {"no_slot"}


async def test_new_blackout_date_moves_the_session_on_it() -> None:
    service = build_service()
    windows = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]
    await ready(service, senior_windows=windows, junior_windows=windows)
    await service.planner.on_pair_created(pair_created())
    holiday = datetime(2026, 4, 7, tzinfo=UTC).date()

    await service.read_models.on_program_event(
        ProgramUpdated(
            **envelope(), settings=settings_for(blackout_dates=[holiday]), program_version=2
        )
    )

    moved = service.of(SessionRescheduled)
    assert len(moved) == 1
    assert local(moved[0].previous_start, "Europe/Berlin").date() == holiday
    assert local(moved[0].start, "Europe/Berlin").date() != holiday


async def test_erasure_removes_the_persons_data_and_their_upcoming_sessions() -> None:
    service = build_service()
    await ready(service)
    await service.planner.on_pair_created(pair_created())

    await service.read_models.on_participant_event(
        ParticipantErased(**envelope(), participant_id="j-1")
    )

    record = service.participants.records[("prog-1", "j-1")][1]
    assert record.person is None
    assert len(service.events("SessionCancelled")) == 13
    assert service.series.docs["pair-1"].status is SeriesStatus.ENDED
    # A late, replayed profile never brings the erased data back.
    await service.read_models.on_participant_event(
        joined("j-1", "junior", "Europe/Berlin", TUESDAY_MORNING)
    )
    assert service.participants.records[("prog-1", "j-1")][1].person is None


async def test_withdrawal_cancels_upcoming_sessions_with_participant_left() -> None:
    service = build_service()
    await ready(service)
    await service.planner.on_pair_created(pair_created())

    await service.read_models.on_participant_event(
        ParticipantWithdrew(**envelope(), participant_id="s-1", role="senior")
    )

    cancelled = service.of(SessionCancelled)
    assert {e.reason for e in cancelled} == {"participant_left"}
    sessions = service.series.docs["pair-1"].sessions
    assert {s.status for s in sessions} == {SessionStatus.CANCELLED}
