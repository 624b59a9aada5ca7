"""Keeping planned series true to the world: pairs end, people leave, calendars change."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.application.policy import SchedulingPolicy, whole_seconds
from services.scheduling.application.ports import (
    ParticipantStatus,
    ParticipantStore,
    PersonLocks,
    ProgramStore,
    SeriesStore,
)
from services.scheduling.application.series_writer import SeriesWriter
from services.scheduling.application.session_events import Cause, SessionEvents, series_changed
from services.scheduling.domain.model import ACTIVE_SERIES, ProgramCalendar, Series, SeriesStatus
from services.scheduling.domain.planner import Refit, refit_sessions
from services.scheduling.domain.recurrence import occurrence_after_move
from services.scheduling.domain.rules import SchedulingRefused
from services.scheduling.domain.slots import SlotFinder, program_bounds
from services.scheduling.domain.timeline import to_minutes
from shared.clock import Clock
from shared.events import Event, PairEnded, SessionRescheduled

_CLOSED = (SeriesStatus.ENDED, SeriesStatus.CANCELLED)


class SeriesUpkeep:
    def __init__(
        self,
        *,
        series: SeriesStore,
        participants: ParticipantStore,
        programs: ProgramStore,
        locks: PersonLocks,
        writer: SeriesWriter,
        events: SessionEvents,
        clock: Clock,
        policy: SchedulingPolicy,
    ) -> None:
        self._series = series
        self._participants = participants
        self._programs = programs
        self._locks = locks
        self._writer = writer
        self._events = events
        self._clock = clock
        self._policy = policy

    # -- ending ---------------------------------------------------------------------------
    async def on_pair_ended(self, event: PairEnded) -> None:
        for _attempt in range(self._policy.max_attempts):
            series = await self._series.get(event.pair_id)
            if series is None:
                # Remember the end, so a late or replayed PairCreated plans nothing.
                series = Series(
                    pair_id=event.pair_id,
                    program_id=event.program_id,
                    junior_id=event.junior_id,
                    senior_id=event.senior_id,
                    correlation_id=event.correlation_id,
                    pair_created_at=event.occurred_at,
                    status=SeriesStatus.ENDED,
                )
                if await self._series.save(series, []):
                    return
                continue
            if series.status in _CLOSED:
                return
            if await self._end(series, "pair_ended", Cause(event=event)):
                return
        raise _still_changing()

    async def on_participant_left(self, participant_id: str, cause: Event) -> None:
        """A withdrawn or erased person's series end; their upcoming sessions are cancelled."""
        for found in await self._series.involving(participant_id, ACTIVE_SERIES, cause.program_id):
            series: Series | None = found
            for _attempt in range(self._policy.max_attempts):
                if series is None or series.status in _CLOSED:
                    break
                if await self._end(series, "participant_left", Cause(event=cause)):
                    break
                series = await self._series.get(found.pair_id)
            else:
                raise _still_changing()

    async def _end(self, series: Series, reason: str, cause: Cause) -> bool:
        now = whole_seconds(self._clock.now())
        program_name = await self._program_name(series.program_id)
        events: list[Event] = []
        for session in series.upcoming(now):
            cancelled = session.cancelled(reason, now)
            series.replace_session(cancelled)
            events.append(
                self._events.cancelled(
                    cause, series, cancelled, reason=reason, program_name=program_name, now=now
                )
            )
        series.status = SeriesStatus.ENDED
        # Only when sessions were still to come: past ones stay in people's calendars.
        whole = series_changed(cause, series, change="ended", reason=reason, now=now)
        told = [whole] if whole and events else []
        return await self._writer.commit(series, [*events, *told])

    # -- re-fitting -----------------------------------------------------------------------
    async def refit_for_participant(self, participant_id: str, cause: Event) -> None:
        planned = (SeriesStatus.PLANNED,)
        for series in await self._series.involving(participant_id, planned, cause.program_id):
            await self._refit(series, Cause(event=cause))

    async def refit_program(self, program_id: str, cause: Event) -> None:
        for series in await self._series.in_program(program_id, (SeriesStatus.PLANNED,)):
            await self._refit(series, Cause(event=cause))

    async def _refit(self, series: Series, cause: Cause) -> None:
        current: Series | None = series
        for _attempt in range(self._policy.max_attempts):
            if current is None or current.status is not SeriesStatus.PLANNED:
                return
            async with self._locks.hold(current.participants):
                if await self._refit_once(current, cause):
                    return
            current = await self._series.get(series.pair_id)
        raise _still_changing()

    async def _refit_once(self, series: Series, cause: Cause) -> bool:
        now = whole_seconds(self._clock.now())
        calendar = await self._programs.get(series.program_id)
        records = await self._participants.get_many(series.program_id, series.participants)
        people = [records.get(pid) for pid in series.participants]
        if calendar is None or any(
            r is None or r.status is not ParticipantStatus.ACTIVE or r.person is None
            for r in people
        ):
            return True  # nothing to fit against; leaving or erasure is handled on its own
        junior, senior = (r.person for r in people if r is not None)
        assert junior is not None
        assert senior is not None
        rules_changed = (
            series.reminder_offsets_minutes != calendar.reminder_offsets_minutes
            or series.missed_after_hours != calendar.missed_after_hours
        )
        upcoming = series.upcoming(now)
        if not upcoming and not rules_changed:
            return True
        others = await self._series.busy_of(
            series.participants, after=now, excluding_pair=series.pair_id
        )
        own = [(s.start, s.end) for s in series.booked()]
        lo = to_minutes(now)
        finder = SlotFinder(
            senior,
            junior,
            calendar,
            lo=lo,
            hi=max(lo, program_bounds(calendar)[1]),
            busy=[(to_minutes(s), to_minutes(e)) for s, e in [*others, *own]],
            granularity=self._policy.granularity_minutes,
        )
        changes = refit_sessions(
            upcoming,
            finder,
            not_before=now + self._policy.change_notice,
            cadence_days=calendar.cadence_days,
        )
        if not changes and not rules_changed:
            return True
        events = self._apply_refits(series, changes, cause, calendar, now)
        series.reminder_offsets_minutes = calendar.reminder_offsets_minutes
        series.missed_after_hours = calendar.missed_after_hours
        return await self._writer.commit(series, events)

    def _apply_refits(
        self,
        series: Series,
        changes: list[Refit],
        cause: Cause,
        calendar: ProgramCalendar,
        now: datetime,
    ) -> list[Event]:
        events: list[Event] = []
        for change in changes:
            before = series.session(change.session_id)
            assert before is not None
            if change.new_start is None:
                after = before.cancelled("no_slot", now)
                events.append(
                    self._events.cancelled(
                        cause, series, after, reason="no_slot", program_name=calendar.name, now=now
                    )
                )
            else:
                occurrence = occurrence_after_move(series, before, change.new_start)
                after = before.moved(change.new_start, now, occurrence=occurrence)
                events.append(
                    self._events.rescheduled(
                        cause,
                        series,
                        before,
                        after,
                        reason="availability_changed",
                        program_name=calendar.name,
                        now=now,
                    )
                )
            series.replace_session(after)
        for change in changes:  # each change told once, with the series as it ends up
            now_session = series.session(change.session_id)
            before_start = next(
                (
                    e.previous_start
                    for e in events
                    if isinstance(e, SessionRescheduled) and e.session_id == change.session_id
                ),
                None,
            )
            whole = series_changed(
                cause,
                series,
                change="cancelled" if change.new_start is None else "rescheduled",
                session=now_session,
                previous_start=before_start,
                reason="no_slot" if change.new_start is None else "availability_changed",
                now=now,
            )
            if whole is not None:
                events.append(whole)
        return events

    # -- shared ---------------------------------------------------------------------------
    async def _program_name(self, program_id: str) -> str:
        calendar = await self._programs.get(program_id)
        return calendar.name if calendar is not None else "Twoway"


def _still_changing() -> SchedulingRefused:
    return SchedulingRefused(
        "concurrent_change", "the series kept changing while it was updated", conflict=True
    )
