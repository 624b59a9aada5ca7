"""A pair's whole series as occasions: one invitation when it is planned, one per change.

The per-session events carry nothing people need beyond this: a planned series is one
message (the introduction and every session, with one calendar series attached), and a
change is one message with the calendar update.
"""

from __future__ import annotations

from services.notifications.application.mapping import series_calendar
from services.notifications.domain.model import Occasion, Priority
from services.notifications.domain.rendering import (
    Bullets,
    ClockTime,
    Day,
    Label,
    Moment,
    Schedule,
)
from shared.events import SessionSeriesChanged, SessionSeriesPlanned


def series_occasion(event: SessionSeriesPlanned | SessionSeriesChanged) -> Occasion:
    pair = (event.junior_id, event.senior_id)
    facts: dict[str, object] = {"pair_id": event.pair_id}
    upcoming = tuple(s.start for s in event.sessions if s.status == "scheduled")
    if isinstance(event, SessionSeriesPlanned):
        template = "series_invitation"
        facts |= {
            "reasons": Bullets(tuple(reason.text for reason in event.reasons)),
            "sessions": Schedule(upcoming),
        }
    elif event.change == "ended":
        template = "series_cancelled"
        facts["cancel_reason"] = Label("cancel_reason", event.reason)
    else:
        session = next(s for s in event.sessions if s.session_id == event.session_id)
        facts |= {
            "session_id": session.session_id,
            "start": Moment(session.start),
            "start_day": Day(session.start),
            "end_time": ClockTime(session.end),
        }
        if event.change == "rescheduled":
            template = "session_rescheduled"
            facts |= {
                "previous_start": Moment(event.previous_start or session.start),
                "reschedule_reason": Label("reschedule_reason", event.reason),
            }
        else:
            template = "session_cancelled"
            facts["cancel_reason"] = Label("cancel_reason", event.reason)
    return Occasion(
        template,
        event.program_id,
        participants=pair,
        priority=Priority.HIGH,
        pair=pair,
        mentions=pair,
        facts=facts,
        calendar=series_calendar(event),
    )
