"""The composition root of the scheduling service: settings, storage, handlers, loops, app."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from services.scheduling.adapters.mongo_person_locks import LEASES, LEASES_SPEC, MongoPersonLocks
from services.scheduling.adapters.mongo_programs import (
    PARTICIPANTS,
    PROGRAMS,
    READ_MODEL_SPECS,
    MongoParticipantStore,
    MongoProgramStore,
)
from services.scheduling.adapters.mongo_series import SERIES, SERIES_SPEC, MongoSeriesStore
from services.scheduling.adapters.mongo_series_batches import MongoSeriesBatchStore
from services.scheduling.adapters.mongo_series_lists import MongoSeriesLists
from services.scheduling.adapters.mongo_timers import TIMERS, TIMERS_SPEC, MongoTimerStore
from services.scheduling.adapters.prometheus_telemetry import PrometheusTelemetry
from services.scheduling.application.admin_audit import SessionAudit
from services.scheduling.application.batch_planning import PairBatches
from services.scheduling.application.commands import SessionCommands
from services.scheduling.application.planning import SeriesPlanner
from services.scheduling.application.policy import SchedulingPolicy
from services.scheduling.application.queries import SessionQueries
from services.scheduling.application.read_models import ReadModelHandlers
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import SessionEvents
from services.scheduling.application.timers import TimerLoopSettings, TimerService
from services.scheduling.application.upkeep import SeriesUpkeep
from services.scheduling.domain.invitation import InvitationStyle
from services.scheduling.entrypoints.api import STATE_NAME, SchedulingApi, router
from services.scheduling.entrypoints.subscribers import EventHandlers, register_subscribers
from services.scheduling.settings import SchedulingSettings
from shared.clock import Clock, SystemClock
from shared.runtime import ServiceRuntime, build_app, build_runtime
from shared.storage.audit import AUDIT, AUDIT_SPEC, AuditTrail

DESCRIPTION = (
    "Plans every pair's whole series of sessions inside both people's availability, keeps "
    "ICS invitations up to date, and fires reminders and missed-session checks."
)


def create_app(settings: SchedulingSettings | None = None, clock: Clock | None = None) -> Any:
    settings = settings or SchedulingSettings()
    runtime = build_runtime(
        settings,
        collections=[SERIES_SPEC, TIMERS_SPEC, LEASES_SPEC, AUDIT_SPEC, *READ_MODEL_SPECS],
        outbox_collections=[SERIES],
        clock=clock,
    )
    policy = SchedulingPolicy(
        plan_notice=timedelta(hours=settings.plan_notice_hours),
        change_notice=timedelta(minutes=settings.change_notice_minutes),
        granularity_minutes=settings.slot_granularity_minutes,
        waiting_alert_after=timedelta(minutes=settings.waiting_alert_minutes),
    )
    series = MongoSeriesStore(runtime.db[SERIES], runtime.outbox)
    participants = MongoParticipantStore(runtime.db[PARTICIPANTS])
    programs = MongoProgramStore(runtime.db[PROGRAMS])
    timer_store = MongoTimerStore(runtime.db[TIMERS])
    locks = MongoPersonLocks(runtime.db[LEASES], wait=timedelta(seconds=settings.lock_wait_seconds))
    telemetry = PrometheusTelemetry(runtime.metrics)
    events = SessionEvents(InvitationStyle(organizer=settings.ics_organizer))
    trail = AuditTrail(runtime.db[AUDIT])
    audit = SessionAudit(trail)
    writer = SeriesWriter(
        series=series, timers=timer_store, telemetry=telemetry, clock=runtime.clock, policy=policy
    )
    common: dict[str, Any] = {
        "series": series,
        "participants": participants,
        "programs": programs,
        "locks": locks,
        "writer": writer,
        "events": events,
        "clock": runtime.clock,
        "policy": policy,
    }
    planner = SeriesPlanner(**common, telemetry=telemetry)
    upkeep = SeriesUpkeep(**common)
    timers = TimerService(
        store=timer_store,
        series=series,
        writer=writer,
        publisher=runtime.publisher,
        events=events,
        telemetry=telemetry,
        clock=runtime.clock,
        lease_clock=SystemClock(),
        policy=policy,
        loop=TimerLoopSettings(
            owner=f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}",
            lease_seconds=settings.timer_lease_seconds,
            batch=settings.timer_batch_size,
        ),
    )
    register_subscribers(
        runtime,
        EventHandlers(
            read_models=ReadModelHandlers(
                participants=participants,
                programs=programs,
                planner=planner,
                upkeep=upkeep,
                audit=audit,
            ),
            planner=planner,
            upkeep=upkeep,
            pair_batches=PairBatches(
                planner=planner,
                upkeep=upkeep,
                series=MongoSeriesBatchStore(runtime.db[SERIES], runtime.outbox),
                participants=participants,
                programs=programs,
                locks=locks,
                timers=timer_store,
                writer=writer,
                events=events,
                telemetry=telemetry,
                clock=runtime.clock,
                policy=policy,
            ),
        ),
    )
    _start_timer_loops(runtime, timers, settings)
    api = SchedulingApi(
        queries=SessionQueries(series=series, programs=programs, events=events),
        commands=SessionCommands(**common, audit=audit),
        lists=MongoSeriesLists(runtime.db[SERIES]),
        audit=trail,
    )
    return build_app(
        runtime,
        title="Twoway scheduling",
        description=DESCRIPTION,
        routers=[router],
        state={STATE_NAME: api},
    )


def _start_timer_loops(
    runtime: ServiceRuntime, timers: TimerService, settings: SchedulingSettings
) -> None:
    async def fire_due_timers() -> None:
        fired = await timers.fire_due()
        if fired < settings.timer_batch_size:  # a full batch means more may be waiting
            await asyncio.sleep(settings.timer_poll_seconds)

    async def arm_unarmed_timers() -> None:
        await timers.sync_pending()
        await asyncio.sleep(settings.timer_sync_interval_seconds)

    runtime.background.extend([fire_due_timers, arm_unarmed_timers])
