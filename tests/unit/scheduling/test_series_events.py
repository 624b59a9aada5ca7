"""A pair's whole series on the wire: one event when it is planned, one per later change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.events import (
    PairEnded,
    SessionScheduled,
    SessionSeriesChanged,
    SessionSeriesPlanned,
)
from tests.unit.scheduling.builders import envelope
from tests.unit.scheduling.test_session_commands import at, planned_service


async def test_a_planned_series_is_published_once_with_every_session_on_its_occurrence() -> None:
    service, _ids = await planned_service()

    (planned,) = service.of(SessionSeriesPlanned)
    scheduled = service.of(SessionScheduled)
    assert [s.session_id for s in planned.sessions] == [e.session_id for e in scheduled]
    assert [s.start for s in planned.sessions] == [e.start for e in scheduled]
    assert all(s.occurrence == s.start for s in planned.sessions)  # all on the pattern
    assert planned.pattern.timezone == "Europe/Berlin"
    assert planned.pattern.cadence_days == 7
    assert planned.pattern.first_start == planned.sessions[0].start
    assert planned.pattern.count >= len(planned.sessions)
    assert planned.sequence == 1


async def test_the_pattern_keeps_local_time_across_the_dst_change() -> None:
    service, _ids = await planned_service()

    (planned,) = service.of(SessionSeriesPlanned)
    hours = {s.start.hour for s in planned.sessions}  # 10:00 Berlin is 09:00 then 08:00 UTC
    assert hours == {9, 8}


async def test_a_move_within_the_rule_keeps_the_occurrence_and_raises_the_sequence() -> None:
    service, ids = await planned_service()
    (planned,) = service.of(SessionSeriesPlanned)

    await service.commands.reschedule(ids[0], start=at(4, 9))  # Wednesday, same week

    (changed,) = service.of(SessionSeriesChanged)
    assert changed.change == "rescheduled"
    assert changed.session_id == ids[0]
    assert changed.previous_start == at(3, 9)
    assert changed.sequence > planned.sequence
    moved = next(s for s in changed.sessions if s.session_id == ids[0])
    assert moved.start == at(4, 9)
    assert moved.occurrence == at(3, 9)


async def test_a_move_past_the_next_session_leaves_the_rule() -> None:
    service, ids = await planned_service()

    await service.commands.reschedule(
        ids[0], start=at(11, 9)
    )  # past session 2, on Tuesday the 10th

    (changed,) = service.of(SessionSeriesChanged)
    moved = next(s for s in changed.sessions if s.session_id == ids[0])
    assert moved.occurrence is None


async def test_cancelling_one_session_and_then_the_rest_are_told_as_series_changes() -> None:
    service, ids = await planned_service()

    await service.commands.cancel(ids[1])
    await service.commands.cancel_remaining("pair-1")

    one, rest = service.of(SessionSeriesChanged)
    assert (one.change, one.session_id) == ("cancelled", ids[1])
    assert (rest.change, rest.session_id, rest.reason) == ("ended", None, "series_cancelled")
    assert rest.sequence > one.sequence
    assert {s.status for s in rest.sessions} == {"cancelled"}


async def test_an_ended_pair_ends_its_series_once() -> None:
    service, _ids = await planned_service()
    ended = PairEnded(
        **envelope("prog-1", datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=1)),
        pair_id="pair-1",
        junior_id="j-1",
        senior_id="s-1",
        reason="admin",
    )

    await service.upkeep.on_pair_ended(ended)
    await service.upkeep.on_pair_ended(ended)

    (rest,) = service.of(SessionSeriesChanged)
    assert (rest.change, rest.reason) == ("ended", "pair_ended")


async def test_a_pair_ending_after_its_last_session_leaves_calendars_alone() -> None:
    service, _ids = await planned_service()
    after_the_program = datetime(2026, 6, 1, tzinfo=UTC)
    service.clock.advance(after_the_program - service.clock.now())
    ended = PairEnded(
        **envelope("prog-1", after_the_program),
        pair_id="pair-1",
        junior_id="j-1",
        senior_id="s-1",
        reason="program_ended",
    )

    await service.upkeep.on_pair_ended(ended)

    assert service.of(SessionSeriesChanged) == []
