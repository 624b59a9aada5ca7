"""Whole-series events of the `sessions` stream (key: pair_id).

The per-session events (`SessionScheduled`, `SessionRescheduled`, ...) stay exactly as they
were, for the consumers that follow single sessions (feedback). These carry a pair's whole
series at the level a calendar needs it: the recurrence pattern, every session with the
pattern occurrence it stands for, and a SEQUENCE that rises with every change. Nothing in them
is personal: ids, instants and an IANA zone only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Contract, Event, Identifier, UtcDatetime
from shared.events.pairs import MatchReason
from shared.events.timezones import IanaTimezone
from shared.events.wire_types import AS_WHOLE

SeriesSessionStatus = Literal["scheduled", "completed", "cancelled", "missed"]


class SeriesPattern(Contract):
    """Every `cadence_days` days at the wall-clock time of `first_start` in `timezone`."""

    timezone: IanaTimezone
    first_start: UtcDatetime
    cadence_days: Annotated[int, Field(ge=1, le=366), AS_WHOLE]
    count: Annotated[int, Field(ge=1, le=400), AS_WHOLE]
    """How many occurrences the pattern has (skipped ones included)."""
    session_minutes: Annotated[int, Field(ge=1, le=600), AS_WHOLE]


class SeriesSession(Contract):
    session_id: Identifier
    index: Annotated[int, Field(ge=0), AS_WHOLE]
    start: UtcDatetime
    end: UtcDatetime
    status: SeriesSessionStatus
    occurrence: UtcDatetime | None = None
    """The pattern occurrence this session stands for (its RECURRENCE-ID); None when it
    cannot follow the pattern and is a calendar entry of its own."""


class _SeriesEvent(Event):
    pair_id: Identifier
    junior_id: Identifier
    senior_id: Identifier
    pattern: SeriesPattern
    sessions: Annotated[list[SeriesSession], Field(max_length=400)]
    sequence: Annotated[int, Field(ge=0), AS_WHOLE]
    """Rises with every change of the series: the calendar objects' SEQUENCE."""


class SessionSeriesPlanned(_SeriesEvent):
    """A pair's series was planned (or re-planned after it had waited): all its sessions."""

    event_type: Literal["SessionSeriesPlanned"] = "SessionSeriesPlanned"
    reasons: Annotated[list[MatchReason], Field(max_length=50)] = []
    """Why the two were matched (copied from PairCreated), for the introduction."""


SeriesChange = Literal["rescheduled", "cancelled", "ended"]


class SessionSeriesChanged(_SeriesEvent):
    """One session moved or was cancelled, or the rest of the series ended."""

    event_type: Literal["SessionSeriesChanged"] = "SessionSeriesChanged"
    change: SeriesChange
    session_id: Identifier | None = None
    """The session moved or cancelled; None when the rest of the series ended."""
    previous_start: UtcDatetime | None = None
    reason: Literal[
        "requested",
        "availability_changed",
        "conflict",
        "series_cancelled",
        "pair_ended",
        "participant_left",
        "no_slot",
    ] = "requested"
