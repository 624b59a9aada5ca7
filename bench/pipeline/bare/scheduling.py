"""PairCreated -> the planned series document, its timers and its SessionScheduled events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pymongo import UpdateOne

from bench.pipeline.bare import Db, Publisher
from services.scheduling.adapters.read_model_repository import (
    PARTICIPANTS,
    PROGRAMS,
    READ_MODEL_SPECS,
    MongoParticipantStore,
    MongoProgramStore,
)
from services.scheduling.adapters.series_repository import (
    SERIES,
    SERIES_SPEC,
    MongoSeriesStore,
    series_to_document,
)
from services.scheduling.adapters.timer_repository import TIMERS, TIMERS_SPEC, _spec_fields
from services.scheduling.application.planning import session_id_for
from services.scheduling.application.policy import whole_seconds
from services.scheduling.application.session_events import Cause, SessionEvents
from services.scheduling.domain.invitation import InvitationStyle
from services.scheduling.domain.model import Series, SeriesStatus, Session
from services.scheduling.domain.planner import SeriesPlan, plan_series
from services.scheduling.domain.timers import timers_for
from shared.events import PairCreated, decode_event
from shared.storage.outbox import Outbox


class SchedulingPlanner:
    collections = [SERIES_SPEC, TIMERS_SPEC, *READ_MODEL_SPECS]

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._programs = MongoProgramStore(db[PROGRAMS])
        self._participants = MongoParticipantStore(db[PARTICIPANTS])
        self._busy = MongoSeriesStore(db[SERIES], Outbox(publisher))  # type: ignore[arg-type]
        self._series = db[SERIES]
        self._timers = db[TIMERS]
        self._events = SessionEvents(InvitationStyle(organizer="mailto:scheduling@twoway.invalid"))
        self._publisher = publisher

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            if isinstance(event, PairCreated):
                await self._plan(event)

    async def _plan(self, event: PairCreated) -> None:
        now = whole_seconds(datetime.now(UTC))
        people_ids = [event.junior_id, event.senior_id]
        calendar = await self._programs.get(event.program_id)
        people = await self._participants.get_many(event.program_id, people_ids)
        junior, senior = people[event.junior_id].person, people[event.senior_id].person
        if calendar is None or junior is None or senior is None:
            raise LookupError("the benchmark seeds the program and both people first")
        busy = await self._busy.busy_of(people_ids, after=now, excluding_pair=event.pair_id)
        plan = plan_series(
            junior, senior, calendar, earliest=now + timedelta(hours=24), busy=busy, granularity=15
        )
        assert isinstance(plan, SeriesPlan)
        series = Series(
            pair_id=event.pair_id,
            program_id=event.program_id,
            junior_id=event.junior_id,
            senior_id=event.senior_id,
            correlation_id=event.correlation_id,
            pair_created_at=event.occurred_at,
            status=SeriesStatus.PLANNED,
            reminder_offsets_minutes=calendar.reminder_offsets_minutes,
            missed_after_hours=calendar.missed_after_hours,
        )
        series.sessions = [
            Session(session_id_for(event.pair_id, n), n, slot.start, slot.end, updated_at=now)
            for n, slot in enumerate(plan.slots)
        ]
        events = [
            self._events.scheduled(
                Cause(event=event),
                series,
                s,
                length=len(series.sessions),
                program_name=calendar.name,
                now=now,
            )
            for s in series.sessions
        ]
        await self._series.insert_one(
            {"_id": event.pair_id, **series_to_document(series), "version": 1}
        )
        timers = [
            UpdateOne(
                {"_id": spec.timer_id},
                {"$setOnInsert": {**_spec_fields(spec), "status": "pending", "armed_at": now}},
                upsert=True,
            )
            for spec in timers_for(series, waiting_alert_after=timedelta(hours=6))
        ]
        await self._timers.bulk_write(timers, ordered=False)
        await self._publisher.publish(events)
