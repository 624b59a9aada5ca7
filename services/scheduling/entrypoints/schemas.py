"""HTTP request and response bodies, mapped explicitly to and from the domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from services.scheduling.domain.model import Attendance, Series, Session
from shared.http.pagination import Page

WHOLE_MINUTE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:00(\.0+)?)?(Z|z|[+-][0-9]{2}:[0-9]{2})$"
)
"""An RFC 3339 instant on a whole minute: no seconds, or zero seconds."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttendanceView(_Body):
    attended_junior: bool
    attended_senior: bool
    minutes: int
    notes_taken: bool


class SessionView(_Body):
    session_id: str
    pair_id: str
    program_id: str
    index: int
    start: datetime
    end: datetime
    status: Literal["scheduled", "completed", "cancelled", "missed"]
    ics_sequence: int
    cancel_reason: str | None = None
    attendance: AttendanceView | None = None
    invitation_url: str

    @classmethod
    def of(cls, series: Series, session: Session) -> SessionView:
        attendance = session.attendance
        return cls(
            session_id=session.session_id,
            pair_id=series.pair_id,
            program_id=series.program_id,
            index=session.index,
            start=session.start,
            end=session.end,
            status=session.status.value,
            ics_sequence=session.sequence,
            cancel_reason=session.cancel_reason,
            attendance=(
                AttendanceView(
                    attended_junior=attendance.attended_junior,
                    attended_senior=attendance.attended_senior,
                    minutes=attendance.minutes,
                    notes_taken=attendance.notes_taken,
                )
                if attendance is not None
                else None
            ),
            invitation_url=f"/sessions/{session.session_id}/invitation.ics",
        )


class SeriesView(_Body):
    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    status: Literal["waiting", "planned", "unschedulable", "ended", "cancelled"]
    waiting_for: list[str]
    unschedulable_reason: str | None
    sessions: list[SessionView]

    @classmethod
    def of(cls, series: Series) -> SeriesView:
        return cls(
            pair_id=series.pair_id,
            program_id=series.program_id,
            junior_id=series.junior_id,
            senior_id=series.senior_id,
            status=series.status.value,
            waiting_for=list(series.waiting_for),
            unschedulable_reason=series.unschedulable_reason,
            sessions=[SessionView.of(series, s) for s in sorted(series.sessions, key=_order)],
        )


class SeriesPage(Page[SeriesView]):
    """A program's series, by pair id."""


class ScheduleSummary(_Body):
    """A program's schedule at a glance, for the console's health line."""

    program_id: str
    sessions_planned: int = Field(description="Scheduled sessions not yet held")
    sessions_held: int
    sessions_missed: int
    sessions_cancelled: int
    series_by_status: dict[str, int]
    series_unschedulable: int


def _order(session: Session) -> tuple[datetime, int]:
    return (session.start, session.index)


class CancelledSessions(_Body):
    cancelled: list[SessionView]


class RescheduleRequest(_Body):
    """Either a new `start` both people can make (on a whole minute), or
    `next_possible: true`."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["start"],
                    "properties": {"start": {"type": "string"}, "next_possible": {"const": False}},
                },
                {
                    "required": ["next_possible"],
                    "properties": {"next_possible": {"const": True}, "start": {"type": "null"}},
                },
            ]
        }
    )

    start: Annotated[AwareDatetime | None, Field(json_schema_extra={"pattern": WHOLE_MINUTE})] = (
        None
    )
    next_possible: bool = False

    @field_validator("start")
    @classmethod
    def _whole_minute(cls, value: datetime | None) -> datetime | None:
        if value is not None and (value.second or value.microsecond):
            raise ValueError("start must be on a whole minute")
        return value

    @model_validator(mode="after")
    def _one_way(self) -> RescheduleRequest:
        if (self.start is None) == (not self.next_possible):
            raise ValueError("give either start or next_possible=true")
        return self


class CompletionRequest(_Body):
    attended_junior: bool = True
    attended_senior: bool = True
    minutes: Annotated[int, Field(ge=0, le=600)]
    notes_taken: bool = False

    def to_domain(self) -> Attendance:
        return Attendance(
            attended_junior=self.attended_junior,
            attended_senior=self.attended_senior,
            minutes=self.minutes,
            notes_taken=self.notes_taken,
        )
