"""PairCreated -> the planned series document, its timers and its SessionScheduled events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pymongo import UpdateOne

from bench.pipeline.bare import Db, Publisher
from services.scheduling.adapters.mongo_programs import (
    PARTICIPANTS,
    PROGRAMS,
    READ_MODEL_SPECS,
    MongoParticipantStore,
    MongoProgramStore,
)
from services.scheduling.adapters.mongo_series import (
    SERIES,
    SERIES_SPEC,
    MongoSeriesStore,
    series_to_document,
)
from services.scheduling.adapters.mongo_series_batches import MongoSeriesBatchStore
from services.scheduling.adapters.mongo_timers import TIMERS, TIMERS_SPEC, _spec_fields
from services.scheduling.application.planning import session_id_for
from services.scheduling.application.policy import whole_seconds
from services.scheduling.application.ports import ParticipantRecord
from services.scheduling.application.session_events import Cause, SessionEvents
from services.scheduling.domain.invitation import InvitationStyle
from services.scheduling.domain.model import Person, ProgramCalendar, Series, SeriesStatus, Session
from services.scheduling.domain.planner import SeriesPlan, plan_series
from services.scheduling.domain.timers import timers_for
from shared.events import Event, PairCreated, decode_event
from shared.storage.outbox import Outbox


class SchedulingPlanner:
    collections = [SERIES_SPEC, TIMERS_SPEC, *READ_MODEL_SPECS]

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._programs = MongoProgramStore(db[PROGRAMS])
        self._participants = MongoParticipantStore(db[PARTICIPANTS])
        self._busy = MongoSeriesStore(db[SERIES], Outbox(publisher))  # type: ignore[arg-type]
        self._busy_batch = MongoSeriesBatchStore(db[SERIES], Outbox(publisher))  # type: ignore[arg-type]
        self._series = db[SERIES]
        self._timers = db[TIMERS]
        self._events = SessionEvents(InvitationStyle(organizer="mailto:scheduling@twoway.invalid"))
        self._publisher = publisher

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            if isinstance(event, PairCreated):
                await self._plan(event)

    async def handle_batch(self, values: Sequence[bytes]) -> None:
        """The whole batch: each program and its people read once, the bookings of everyone
        in the batch in one query, one insert of every series, one bulk write of every timer,
        the events published together."""
        created = [e for v in values if isinstance(e := decode_event(v), PairCreated)]
        if not created:
            return
        now = whole_seconds(datetime.now(UTC))
        calendars = {p: await self._programs.get(p) for p in {e.program_id for e in created}}
        people: dict[str, ParticipantRecord] = {}
        for program_id in calendars:
            ids = {
                i for e in created if e.program_id == program_id for i in (e.junior_id, e.senior_id)
            }
            people.update(await self._participants.get_many(program_id, sorted(ids)))
        busy = await self._busy_batch.busy_by_person(sorted(people), after=now)
        drafts = []
        for event in created:
            calendar = calendars[event.program_id]
            junior, senior = people[event.junior_id].person, people[event.senior_id].person
            if calendar is None or junior is None or senior is None:
                raise LookupError("the benchmark seeds the program and both people first")
            pair_busy = [*busy.get(event.junior_id, ()), *busy.get(event.senior_id, ())]
            draft = self._draft(event, calendar, junior, senior, pair_busy, now)
            for person in (event.junior_id, event.senior_id):
                busy.setdefault(person, []).extend((s.start, s.end) for s in draft[0].sessions)
            drafts.append(draft)
        await self._series.insert_many(
            [{"_id": s.pair_id, **series_to_document(s), "version": 1} for s, _, _ in drafts],
            ordered=False,
        )
        await self._timers.bulk_write([op for _, ops, _ in drafts for op in ops], ordered=False)
        await self._publisher.publish([e for _, _, events in drafts for e in events])

    async def _plan(self, event: PairCreated) -> None:
        now = whole_seconds(datetime.now(UTC))
        people_ids = [event.junior_id, event.senior_id]
        calendar = await self._programs.get(event.program_id)
        people = await self._participants.get_many(event.program_id, people_ids)
        junior, senior = people[event.junior_id].person, people[event.senior_id].person
        if calendar is None or junior is None or senior is None:
            raise LookupError("the benchmark seeds the program and both people first")
        busy = await self._busy.busy_of(people_ids, after=now, excluding_pair=event.pair_id)
        series, timers, events = self._draft(event, calendar, junior, senior, busy, now)
        await self._series.insert_one(
            {"_id": event.pair_id, **series_to_document(series), "version": 1}
        )
        await self._timers.bulk_write(timers, ordered=False)
        await self._publisher.publish(events)

    def _draft(
        self,
        event: PairCreated,
        calendar: ProgramCalendar,
        junior: Person,
        senior: Person,
        busy: list[tuple[datetime, datetime]],
        now: datetime,
    ) -> tuple[Series, list[UpdateOne], list[Event]]:
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
        events: list[Event] = [
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
        timers = [
            UpdateOne(
                {"_id": spec.timer_id},
                {"$setOnInsert": {**_spec_fields(spec), "status": "pending", "armed_at": now}},
                upsert=True,
            )
            for spec in timers_for(series, waiting_alert_after=timedelta(hours=6))
        ]
        return series, timers, events
