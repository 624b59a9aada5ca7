"""Every handler of the scheduling service wired to the in-memory fakes of its ports, with
a clock tests can move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from services.scheduling.application.admin_audit import SessionAudit
from services.scheduling.application.commands import SessionCommands
from services.scheduling.application.planning import SeriesPlanner
from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.application.read_models import ReadModelHandlers
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import SessionEvents
from services.scheduling.application.timers import TimerLoopSettings, TimerService
from services.scheduling.application.upkeep import SeriesUpkeep
from services.scheduling.domain.invitation import InvitationStyle
from shared.clock import FixedClock
from shared.events import Event
from shared.messaging.publisher import RecordingPublisher
from tests.support.audit_trail_fake import FakeAuditTrail
from tests.unit.scheduling.fakes import (
    FakeLocks,
    FakeParticipantStore,
    FakeProgramStore,
    FakeSeriesStore,
    FakeTimerStore,
    RecordingTelemetry,
)

E = TypeVar("E", bound=Event)


@dataclass
class Service:
    """Every handler of the service, wired to the fakes in fakes.py, with a clock tests can move."""

    clock: FixedClock
    publisher: RecordingPublisher
    series: FakeSeriesStore
    participants: FakeParticipantStore
    programs: FakeProgramStore
    timer_store: FakeTimerStore
    telemetry: RecordingTelemetry
    planner: SeriesPlanner
    upkeep: SeriesUpkeep
    read_models: ReadModelHandlers
    commands: SessionCommands
    timers: TimerService
    audit_trail: FakeAuditTrail

    def events(self, event_type: str) -> list[Event]:
        return self.publisher.of_type(event_type)

    def of(self, event_cls: type[E]) -> list[E]:
        return [e for e in self.publisher.events if isinstance(e, event_cls)]

    def advance(self, **delta: float) -> datetime:
        return self.clock.advance(timedelta(**delta))


def build_service(now: datetime | None = None, policy: SchedulingPolicy | None = None) -> Service:
    clock = FixedClock(now or datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    policy = policy or SchedulingPolicy()
    publisher = RecordingPublisher()
    series = FakeSeriesStore(publisher)
    participants = FakeParticipantStore()
    programs = FakeProgramStore()
    timer_store = FakeTimerStore()
    telemetry = RecordingTelemetry()
    events = SessionEvents(InvitationStyle())
    locks = FakeLocks()
    audit_trail = FakeAuditTrail()
    audit = SessionAudit(audit_trail)
    writer = SeriesWriter(
        series=series, timers=timer_store, telemetry=telemetry, clock=clock, policy=policy
    )
    common: dict[str, Any] = {
        "series": series,
        "participants": participants,
        "programs": programs,
        "locks": locks,
        "writer": writer,
        "events": events,
        "clock": clock,
        "policy": policy,
    }
    planner = SeriesPlanner(**common, telemetry=telemetry)
    upkeep = SeriesUpkeep(**common)
    timers = TimerService(
        store=timer_store,
        series=series,
        writer=writer,
        publisher=publisher,
        events=events,
        telemetry=telemetry,
        clock=clock,
        lease_clock=clock,
        policy=policy,
        loop=TimerLoopSettings(owner="test"),
    )
    return Service(
        clock=clock,
        publisher=publisher,
        series=series,
        participants=participants,
        programs=programs,
        timer_store=timer_store,
        telemetry=telemetry,
        planner=planner,
        upkeep=upkeep,
        read_models=ReadModelHandlers(
            participants=participants,
            programs=programs,
            planner=planner,
            upkeep=upkeep,
            audit=audit,
        ),
        commands=SessionCommands(**common, audit=audit),
        timers=timers,
        audit_trail=audit_trail,
    )
