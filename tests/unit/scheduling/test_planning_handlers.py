"""The event handlers of scheduling that plan a pair's series, on hand-written fakes of
storage and the broker."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from services.scheduling.application.ports import ParticipantRecord
from services.scheduling.domain.model import SeriesStatus
from shared.events import ParticipantUpdated, SessionScheduled, SessionSeriesUnschedulable
from tests.unit.scheduling.builders import (
    envelope,
    inside_availability,
    joined,
    pair_created,
    person,
    profile,
    program_launched,
)
from tests.unit.scheduling.program_ready import TUESDAY_MORNING, ready
from tests.unit.scheduling.service_harness import build_service


async def test_pair_created_plans_the_whole_series_with_one_event_per_session() -> None:
    service = build_service()
    await ready(service)

    await service.planner.on_pair_created(pair_created())

    scheduled = service.of(SessionScheduled)
    assert len(scheduled) == 13  # every Tuesday from 3 March to 26 May
    assert [e.series_index for e in scheduled] == list(range(13))
    assert {e.series_length for e in scheduled} == {13}
    assert len({e.session_id for e in scheduled}) == 13
    junior = person("j-1", "Europe/Berlin", *TUESDAY_MORNING)
    assert all(inside_availability(junior, e.start, e.end) for e in scheduled)
    assert service.telemetry.latencies
    assert service.telemetry.latencies[0] >= 0


async def test_same_pair_created_twice_gives_one_series() -> None:
    service = build_service()
    await ready(service)
    event = pair_created()

    await service.planner.on_pair_created(event)
    first_ids = [e.event_id for e in service.events("SessionScheduled")]
    await service.planner.on_pair_created(event)
    await service.planner.on_pair_created(pair_created())  # same pair, a re-sent event

    assert [e.event_id for e in service.events("SessionScheduled")] == first_ids
    assert len(service.series.docs) == 1


async def test_event_ids_are_derived_from_the_cause_not_from_chance() -> None:
    first, second = build_service(), build_service()
    event = pair_created()
    for service in (first, second):
        await ready(service)
        await service.planner.on_pair_created(event)

    assert [e.event_id for e in first.publisher.events] == [
        e.event_id for e in second.publisher.events
    ]


async def test_pair_created_before_its_people_waits_and_is_planned_when_they_arrive() -> None:
    service = build_service()
    await service.planner.on_pair_created(pair_created())

    assert service.series.docs["pair-1"].status is SeriesStatus.WAITING
    assert service.publisher.events == []

    await service.read_models.on_program_event(program_launched())
    await service.read_models.on_participant_event(
        joined("s-1", "senior", "Europe/Berlin", TUESDAY_MORNING)
    )
    assert service.series.docs["pair-1"].waiting_for == ("j-1",)
    await service.read_models.on_participant_event(
        joined("j-1", "junior", "Europe/Berlin", TUESDAY_MORNING)
    )

    assert service.series.docs["pair-1"].status is SeriesStatus.PLANNED
    assert len(service.events("SessionScheduled")) == 13


async def test_a_person_arriving_while_the_pair_decides_to_wait_is_not_missed() -> None:
    """The participant consumer stores the junior and looks for pairs waiting for her just
    after the pair consumer found her missing, and before it saved the pair as waiting."""
    service = build_service()
    await service.read_models.on_program_event(program_launched())
    await service.read_models.on_participant_event(
        joined("s-1", "senior", "Europe/Berlin", TUESDAY_MORNING)
    )
    read = service.participants.get_many
    arrivals = [joined("j-1", "junior", "Europe/Berlin", TUESDAY_MORNING)]

    async def read_then_she_arrives(
        program_id: str, participant_ids: Sequence[str]
    ) -> dict[str, ParticipantRecord]:
        found = await read(program_id, participant_ids)
        while arrivals:
            await service.read_models.on_participant_event(arrivals.pop())
        return found

    service.participants.get_many = read_then_she_arrives  # type: ignore[method-assign]
    await service.planner.on_pair_created(pair_created())

    assert service.series.docs["pair-1"].status is SeriesStatus.PLANNED
    assert len(service.events("SessionScheduled")) == 13


async def test_pair_waiting_too_long_is_reported_to_the_admins_once() -> None:
    service = build_service()
    await service.planner.on_pair_created(pair_created())

    service.advance(hours=7)
    await service.timers.fire_due()
    await service.timers.fire_due()

    alerts = service.events("SessionSeriesUnschedulable")
    assert len(alerts) == 1
    assert isinstance(alerts[0], SessionSeriesUnschedulable)
    assert alerts[0].reason == "unknown_participant"
    assert service.series.docs["pair-1"].status is SeriesStatus.WAITING  # still plans later


async def test_no_common_availability_reaches_the_admins_instead_of_failing() -> None:
    service = build_service()
    await ready(service, senior_windows=[("fri", "10:00", "12:00")])

    await service.planner.on_pair_created(pair_created())
    await service.planner.on_pair_created(pair_created())

    unschedulable = service.events("SessionSeriesUnschedulable")
    assert len(unschedulable) == 1
    assert isinstance(unschedulable[0], SessionSeriesUnschedulable)
    assert unschedulable[0].reason == "no_common_availability"
    assert service.series.docs["pair-1"].status is SeriesStatus.UNSCHEDULABLE


async def test_unschedulable_pair_is_planned_once_availability_overlaps() -> None:
    service = build_service()
    await ready(service, senior_windows=[("fri", "10:00", "12:00")])
    await service.planner.on_pair_created(pair_created())

    await service.read_models.on_participant_event(
        ParticipantUpdated(
            **envelope(),
            participant=profile("s-1", "senior", "Europe/Berlin", TUESDAY_MORNING),
            profile_version=2,
        )
    )

    assert service.series.docs["pair-1"].status is SeriesStatus.PLANNED
    assert len(service.events("SessionScheduled")) == 13


async def test_second_pair_of_the_same_senior_is_not_double_booked() -> None:
    service = build_service()
    wide = [("tue", "09:00", "13:00")]
    await ready(service, senior_windows=wide, junior_windows=wide)
    await service.read_models.on_participant_event(joined("j-2", "junior", "Europe/Berlin", wide))

    await service.planner.on_pair_created(pair_created("pair-1", "j-1", "s-1"))
    await service.planner.on_pair_created(pair_created("pair-2", "j-2", "s-1"))

    sessions = service.of(SessionScheduled)
    by_senior = sorted((e.start, e.end) for e in sessions)
    assert len(by_senior) == 26
    for (_, end), (start, _) in itertools.pairwise(by_senior):
        assert end <= start


async def test_a_broker_outage_after_saving_leaves_the_events_to_the_outbox_relay() -> None:
    service = build_service()
    await ready(service)

    async def broker_down(events: object) -> None:
        raise ConnectionError("broker unreachable")

    service.publisher.publish_many = broker_down  # type: ignore[method-assign]
    await service.planner.on_pair_created(pair_created())

    assert service.series.docs["pair-1"].status is SeriesStatus.PLANNED
    assert len(service.series.outbox["pair-1"]) == 13 + 1  # sessions and the series, later
    assert len(service.timer_store.with_status("pending")) == 13 * 3
    assert "pair-1" not in service.series.dirty  # timers armed all the same


async def test_published_events_leave_the_outbox_once_the_timers_are_armed() -> None:
    service = build_service()
    await ready(service)
    await service.planner.on_pair_created(pair_created())

    assert len(service.of(SessionScheduled)) == 13
    assert service.series.outbox["pair-1"] == []
    assert "pair-1" not in service.series.dirty
    assert len(service.timer_store.with_status("pending")) == 13 * 3
