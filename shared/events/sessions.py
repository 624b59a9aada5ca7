"""Events of the `sessions` stream (key: pair_id)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Event, Identifier, UtcDatetime
from shared.events.wire_types import AS_WHOLE

IcsText = Annotated[str, Field(min_length=1, max_length=20_000)]


class _SessionEvent(Event):
    session_id: Identifier
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier


class SessionScheduled(_SessionEvent):
    event_type: Literal["SessionScheduled"] = "SessionScheduled"
    series_index: Annotated[int, Field(ge=0), AS_WHOLE]
    series_length: Annotated[int, Field(ge=1), AS_WHOLE]
    start: UtcDatetime
    end: UtcDatetime
    ics_sequence: Annotated[int, Field(ge=0), AS_WHOLE] = 0
    ics: IcsText


class SessionRescheduled(_SessionEvent):
    event_type: Literal["SessionRescheduled"] = "SessionRescheduled"
    previous_start: UtcDatetime
    start: UtcDatetime
    end: UtcDatetime
    ics_sequence: Annotated[int, Field(ge=1), AS_WHOLE]
    ics: IcsText
    reason: Literal["requested", "availability_changed", "conflict"] = "requested"


class SessionCancelled(_SessionEvent):
    event_type: Literal["SessionCancelled"] = "SessionCancelled"
    start: UtcDatetime
    ics_sequence: Annotated[int, Field(ge=1), AS_WHOLE]
    ics: IcsText
    reason: Literal["requested", "series_cancelled", "pair_ended", "participant_left", "no_slot"]


class SessionCompleted(_SessionEvent):
    event_type: Literal["SessionCompleted"] = "SessionCompleted"
    start: UtcDatetime
    attended_junior: bool = True
    attended_senior: bool = True
    minutes: Annotated[int, Field(ge=0, le=600), AS_WHOLE]
    notes_taken: bool = False


class SessionMissed(_SessionEvent):
    event_type: Literal["SessionMissed"] = "SessionMissed"
    start: UtcDatetime


class SessionReminderDue(_SessionEvent):
    event_type: Literal["SessionReminderDue"] = "SessionReminderDue"
    start: UtcDatetime
    end: UtcDatetime
    minutes_before: Annotated[int, Field(ge=0), AS_WHOLE]


class SessionSeriesUnschedulable(Event):
    """No recurring slot fits both people: the program's admins must step in."""

    event_type: Literal["SessionSeriesUnschedulable"] = "SessionSeriesUnschedulable"
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    reason: Literal[
        "no_common_availability", "no_free_dates", "unknown_participant", "program_over"
    ]
