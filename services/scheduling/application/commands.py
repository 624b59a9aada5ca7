"""Commands people give over HTTP: move, cancel, cancel the rest, mark completed.

Each command is decided on the series as stored, saved only if nobody changed it meanwhile
(otherwise decided again on the fresh state), and named by the state it moves from, so a
repeated request produces the same event id rather than a second change. A command an admin
gives (`admin=`) goes on the program's audit trail once it is stored (see `admin_audit`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from services.scheduling.application import admin_audit
from services.scheduling.application.admin_audit import Actor, SessionAudit, SessionChange
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
from services.scheduling.domain.model import (
    Attendance,
    ProgramCalendar,
    Series,
    SeriesStatus,
    Session,
)
from services.scheduling.domain.recurrence import occurrence_after_move
from services.scheduling.domain.rules import (
    SchedulingRefused,
    UnknownSession,
    check_cancellation,
    check_completion,
    check_new_time,
    refuse_slot,
)
from services.scheduling.domain.slots import SlotFinder, program_bounds
from services.scheduling.domain.timeline import to_instant, to_minutes
from shared.clock import Clock
from shared.events import Event

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Decision(Generic[R]):
    """What a command decided: the events to store, what it returns, what an audit keeps."""

    events: list[Event]
    result: R
    change: SessionChange | None = None


class SessionCommands:
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
        audit: SessionAudit,
    ) -> None:
        self._audit = audit
        self._series = series
        self._participants = participants
        self._programs = programs
        self._locks = locks
        self._writer = writer
        self._events = events
        self._clock = clock
        self._policy = policy

    async def reschedule(
        self, session_id: str, *, start: datetime | None, admin: Actor | None = None
    ) -> Session:
        """Move to `start`, or to the next time both can make when `start` is None."""

        async def decide(series: Series, now: datetime) -> Decision[Session]:
            session = _session(series, session_id)
            check_new_time(session, start or session.start, now)
            if start == session.start:
                return Decision([], session)
            calendar = await self._calendar(series)
            finder = await self._finder(series, calendar, now, leaving_out=session)
            length = int(session.duration.total_seconds() // 60)
            if start is not None:
                begin = to_minutes(start)
                refusal = finder.rejection(begin, begin + length)
                if refusal is not None:
                    raise refuse_slot(refusal)
                new_start = start
            else:
                current = (to_minutes(session.start), to_minutes(session.end))
                finder.book(current)  # "another time" never means the same time
                found = finder.earliest(to_minutes(now + self._policy.change_notice), length)
                if found is None:
                    raise SchedulingRefused(
                        "no_slot_available",
                        "no time before the program ends suits both people",
                        conflict=True,
                    )
                new_start = to_instant(found)
            occurrence = occurrence_after_move(series, session, new_start)
            moved = session.moved(new_start, now, occurrence=occurrence)
            series.replace_session(moved)
            unit = f"{session_id}:reschedule:{moved.sequence}"
            cause = Cause(command_id=unit)
            event = self._events.rescheduled(
                cause,
                series,
                session,
                moved,
                reason="requested",
                program_name=calendar.name,
                now=now,
            )
            whole = series_changed(
                cause,
                series,
                change="rescheduled",
                session=moved,
                previous_start=session.start,
                now=now,
            )
            change = admin_audit.rescheduled(unit, series, session, moved)
            return Decision([event, *([whole] if whole else [])], moved, change)

        return await self._change(session_id, decide, admin, lock=True)

    async def cancel(self, session_id: str, *, admin: Actor | None = None) -> Session:
        async def decide(series: Series, now: datetime) -> Decision[Session]:
            session = _session(series, session_id)
            check_cancellation(session, now)
            cancelled = session.cancelled("requested", now)
            series.replace_session(cancelled)
            unit = f"{session_id}:cancel:{cancelled.sequence}"
            cause = Cause(command_id=unit)
            name = await self._program_name(series)
            event = self._events.cancelled(
                cause, series, cancelled, reason="requested", program_name=name, now=now
            )
            whole = series_changed(
                cause, series, change="cancelled", session=cancelled, previous_start=None, now=now
            )
            change = admin_audit.cancelled(unit, series, cancelled)
            return Decision([event, *([whole] if whole else [])], cancelled, change)

        return await self._change(session_id, decide, admin)

    async def cancel_remaining(self, pair_id: str, *, admin: Actor | None = None) -> list[Session]:
        async def decide(series: Series, now: datetime) -> Decision[list[Session]]:
            if series.status is not SeriesStatus.PLANNED:
                raise SchedulingRefused(
                    "series_not_active", f"the series is {series.status.value}", conflict=True
                )
            unit = f"{pair_id}:cancel-remaining:{series.version}"
            cause = Cause(command_id=unit)
            name, reason = await self._program_name(series), "series_cancelled"
            events: list[Event] = []
            cancelled_sessions: list[Session] = []
            for session in series.upcoming(now):
                cancelled = session.cancelled(reason, now)
                series.replace_session(cancelled)
                cancelled_sessions.append(cancelled)
                events.append(
                    self._events.cancelled(
                        cause, series, cancelled, reason=reason, program_name=name, now=now
                    )
                )
            series.status = SeriesStatus.CANCELLED
            whole = series_changed(cause, series, change="ended", reason=reason, now=now)
            change = admin_audit.remaining_cancelled(unit, series, cancelled_sessions)
            return Decision(
                [*events, *([whole] if whole and events else [])], cancelled_sessions, change
            )

        return await self._change(pair_id, decide, admin, of_pair=True)

    async def complete(
        self, session_id: str, attendance: Attendance, *, admin: Actor | None = None
    ) -> Session:
        async def decide(series: Series, now: datetime) -> Decision[Session]:
            session = _session(series, session_id)
            check_completion(session, now)
            completed = session.completed(attendance, now)
            series.replace_session(completed)
            unit = f"{session_id}:complete"
            cause = Cause(command_id=unit)
            change = admin_audit.completed(unit, series, completed)
            return Decision(
                [self._events.completed(cause, series, completed, now=now)], completed, change
            )

        return await self._change(session_id, decide, admin)

    # -- plumbing -------------------------------------------------------------------------
    async def _change(
        self,
        key: str,
        decide: Callable[[Series, datetime], Awaitable[Decision[R]]],
        admin: Actor | None,
        *,
        lock: bool = False,
        of_pair: bool = False,
    ) -> R:
        """Decide on the series of this session (or pair) and save; again if it changed."""
        for _attempt in range(self._policy.max_attempts):
            series = await (self._series.get(key) if of_pair else self._series.get_by_session(key))
            if series is None:
                raise UnknownSession("pair" if of_pair else "session")
            if lock:
                async with self._locks.hold(series.participants):
                    done, decision, now = await self._decide_and_save(series, decide)
            else:
                done, decision, now = await self._decide_and_save(series, decide)
            if done:
                # Recorded once the change is stored; a change that changed nothing, or a
                # participant's own, is not an admin action on record.
                if admin is not None and decision.events and decision.change is not None:
                    await self._audit.record(admin, series, decision.change, now)
                return decision.result
        raise SchedulingRefused(
            "concurrent_change", "the series changed meanwhile; try again", conflict=True
        )

    async def _decide_and_save(
        self,
        series: Series,
        decide: Callable[[Series, datetime], Awaitable[Decision[R]]],
    ) -> tuple[bool, Decision[R], datetime]:
        """Decided at the time the decision is taken (after any wait for the locks)."""
        now = whole_seconds(self._clock.now())
        decision = await decide(series, now)
        if not decision.events:
            return True, decision, now
        return await self._writer.commit(series, decision.events), decision, now

    async def _calendar(self, series: Series) -> ProgramCalendar:
        calendar = await self._programs.get(series.program_id)
        if calendar is None:
            raise SchedulingRefused(
                "program_unknown", "the program's settings are not known yet", conflict=True
            )
        return calendar

    async def _program_name(self, series: Series) -> str:
        calendar = await self._programs.get(series.program_id)
        return calendar.name if calendar is not None else "Twoway"

    async def _finder(
        self, series: Series, calendar: ProgramCalendar, now: datetime, *, leaving_out: Session
    ) -> SlotFinder:
        records = await self._participants.get_many(series.program_id, series.participants)
        people = [records.get(pid) for pid in series.participants]
        if any(r is None or r.status is not ParticipantStatus.ACTIVE for r in people):
            raise SchedulingRefused(
                "participant_unavailable",
                "one of the two is no longer in the program",
                conflict=True,
            )
        junior, senior = (r.person for r in people if r is not None)
        assert junior is not None
        assert senior is not None
        others = await self._series.busy_of(
            series.participants, after=now, excluding_pair=series.pair_id
        )
        own = [(s.start, s.end) for s in series.booked() if s.session_id != leaving_out.session_id]
        lo = to_minutes(now)
        return SlotFinder(
            senior,
            junior,
            calendar,
            lo=lo,
            hi=max(lo, program_bounds(calendar)[1]),
            busy=[(to_minutes(s), to_minutes(e)) for s, e in [*others, *own]],
            granularity=self._policy.granularity_minutes,
        )


def _session(series: Series, session_id: str) -> Session:
    session = series.session(session_id)
    if session is None:
        raise UnknownSession()
    return session
