"""Building the sessions stream's events from series state, with deterministic ids.

A change is caused either by an incoming event (ids derive from that event's id) or by a unit
of work started here — an HTTP command or a timer — named by a stable command id that encodes
the state it moves from, so a retried request or a re-claimed timer yields the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from services.scheduling.domain.invitation import InvitationStyle, render_invitation
from services.scheduling.domain.model import Series, Session
from shared.events import (
    Event,
    MatchReason,
    SeriesPattern,
    SeriesSession,
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    SessionSeriesChanged,
    SessionSeriesPlanned,
    SessionSeriesUnschedulable,
)
from shared.events.factory import caused_by, from_command

E = TypeVar("E", bound=Event)


@dataclass(frozen=True, slots=True)
class Cause:
    event: Event | None = None
    command_id: str | None = None

    def __post_init__(self) -> None:
        if (self.event is None) == (self.command_id is None):
            raise ValueError("a cause is either an event or a command id")

    def make(
        self, cls: type[E], purpose: str, *, series: Series, now: datetime, **fields: Any
    ) -> E:
        if self.event is not None:
            return caused_by(
                self.event, cls, purpose, now=now, program_id=series.program_id, **fields
            )
        assert self.command_id is not None
        return from_command(
            self.command_id,
            cls,
            purpose,
            now=now,
            program_id=series.program_id,
            correlation_id=series.correlation_id,
            **fields,
        )


class SessionEvents:
    """One place that knows how a session change looks on the wire."""

    def __init__(self, style: InvitationStyle) -> None:
        self.style = style

    def invitation(self, series: Series, session: Session, program_name: str) -> str:
        return render_invitation(series, session, program_name=program_name, style=self.style)

    @staticmethod
    def _people(series: Series, session: Session) -> dict[str, Any]:
        return {
            "session_id": session.session_id,
            "pair_id": series.pair_id,
            "junior_id": series.junior_id,
            "senior_id": series.senior_id,
        }

    def scheduled(
        self,
        cause: Cause,
        series: Series,
        session: Session,
        *,
        length: int,
        program_name: str,
        now: datetime,
    ) -> SessionScheduled:
        return cause.make(
            SessionScheduled,
            f"session-scheduled:{session.session_id}:{session.sequence}",
            series=series,
            now=now,
            **self._people(series, session),
            series_index=session.index,
            series_length=length,
            start=session.start,
            end=session.end,
            ics_sequence=session.sequence,
            ics=self.invitation(series, session, program_name),
        )

    def rescheduled(
        self,
        cause: Cause,
        series: Series,
        before: Session,
        after: Session,
        *,
        reason: str,
        program_name: str,
        now: datetime,
    ) -> SessionRescheduled:
        return cause.make(
            SessionRescheduled,
            f"session-rescheduled:{after.session_id}:{after.sequence}",
            series=series,
            now=now,
            **self._people(series, after),
            previous_start=before.start,
            start=after.start,
            end=after.end,
            ics_sequence=after.sequence,
            ics=self.invitation(series, after, program_name),
            reason=reason,
        )

    def cancelled(
        self,
        cause: Cause,
        series: Series,
        session: Session,
        *,
        reason: str,
        program_name: str,
        now: datetime,
    ) -> SessionCancelled:
        return cause.make(
            SessionCancelled,
            f"session-cancelled:{session.session_id}:{session.sequence}",
            series=series,
            now=now,
            **self._people(series, session),
            start=session.start,
            ics_sequence=session.sequence,
            ics=self.invitation(series, session, program_name),
            reason=reason,
        )

    def completed(
        self, cause: Cause, series: Series, session: Session, *, now: datetime
    ) -> SessionCompleted:
        attendance = session.attendance
        assert attendance is not None
        return cause.make(
            SessionCompleted,
            f"session-completed:{session.session_id}",
            series=series,
            now=now,
            **self._people(series, session),
            start=session.start,
            attended_junior=attendance.attended_junior,
            attended_senior=attendance.attended_senior,
            minutes=attendance.minutes,
            notes_taken=attendance.notes_taken,
        )

    def missed(
        self, cause: Cause, series: Series, session: Session, *, now: datetime
    ) -> SessionMissed:
        return cause.make(
            SessionMissed,
            f"session-missed:{session.session_id}",
            series=series,
            now=now,
            **self._people(series, session),
            start=session.start,
        )

    def reminder(
        self, cause: Cause, series: Series, session: Session, *, minutes_before: int, now: datetime
    ) -> SessionReminderDue:
        return cause.make(
            SessionReminderDue,
            "session-reminder-due",
            series=series,
            now=now,
            **self._people(series, session),
            start=session.start,
            end=session.end,
            minutes_before=minutes_before,
        )

    @staticmethod
    def unschedulable(
        cause: Cause, series: Series, *, reason: str, now: datetime
    ) -> SessionSeriesUnschedulable:
        return cause.make(
            SessionSeriesUnschedulable,
            f"series-unschedulable:{series.pair_id}:{reason}",
            series=series,
            now=now,
            pair_id=series.pair_id,
            junior_id=series.junior_id,
            senior_id=series.senior_id,
            reason=reason,
        )


def _series_fields(series: Series) -> dict[str, Any]:
    """The whole series as calendars need it; SEQUENCE is the version this change writes."""
    pattern = series.pattern
    assert pattern is not None
    return {
        "pair_id": series.pair_id,
        "junior_id": series.junior_id,
        "senior_id": series.senior_id,
        "pattern": SeriesPattern(
            timezone=pattern.zone,
            first_start=pattern.first_start,
            cadence_days=pattern.cadence_days,
            count=pattern.count,
            session_minutes=pattern.session_minutes,
        ),
        "sessions": [
            SeriesSession(
                session_id=s.session_id,
                index=s.index,
                start=s.start,
                end=s.end,
                status=s.status.value,
                occurrence=s.occurrence,
            )
            for s in series.sessions
        ],
        "sequence": series.version + 1,
    }


def series_planned(cause: Cause, series: Series, *, now: datetime) -> SessionSeriesPlanned:
    return cause.make(
        SessionSeriesPlanned,
        f"series-planned:{series.pair_id}:{series.version + 1}",
        series=series,
        now=now,
        **_series_fields(series),
        reasons=[MatchReason(code=r.code, text=r.text, points=r.points) for r in series.reasons],
    )


def series_changed(
    cause: Cause,
    series: Series,
    *,
    change: str,
    now: datetime,
    session: Session | None = None,
    previous_start: datetime | None = None,
    reason: str = "requested",
) -> SessionSeriesChanged | None:
    """None for a series that was never planned as a whole (nothing in calendars to change)."""
    if series.pattern is None:
        return None
    target = session.session_id if session is not None else "rest"
    return cause.make(
        SessionSeriesChanged,
        f"series-changed:{series.pair_id}:{series.version + 1}:{change}:{target}",
        series=series,
        now=now,
        **_series_fields(series),
        change=change,
        session_id=session.session_id if session is not None else None,
        previous_start=previous_start,
        reason=reason,
    )
