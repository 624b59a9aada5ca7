"""Which events people hear about, mapped off the wire into domain occasions."""

from __future__ import annotations

from services.notifications.application.series_occasions import series_occasion
from services.notifications.domain.model import Occasion, Priority
from services.notifications.domain.rendering import (
    Bullets,
    ClockTime,
    Day,
    Label,
    LabelList,
    Moment,
    Percent,
)
from shared.events import (
    Event,
    FeedbackRequested,
    MatchingRoundCompleted,
    PairAtRisk,
    PairCreated,
    PairEnded,
    PairHealthRecovered,
    ParticipantJoined,
    ProgramLaunched,
    SessionCancelled,
    SessionMissed,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    SessionSeriesChanged,
    SessionSeriesPlanned,
    SessionSeriesUnschedulable,
)

TEMPLATES: tuple[str, ...] = (
    "welcome",
    "program_launched",
    "pair_introduction",
    "pair_ended",
    "session_rescheduled",
    "session_cancelled",
    "series_invitation",
    "series_cancelled",
    "session_reminder",
    "session_missed",
    "series_unschedulable",
    "feedback_requested",
    "pair_at_risk",
    "pair_recovered",
    "matching_round_completed",
)
"""Every template an event can lead to (the digest and redaction texts come on top)."""


def _pair(event: PairCreated | PairEnded | PairAtRisk | PairHealthRecovered) -> tuple[str, str]:
    return (event.junior_id, event.senior_id)


def occasion_for(event: Event) -> Occasion | None:
    """None for events nobody needs to hear about (feedback answers, completed sessions...)."""
    program = event.program_id
    if isinstance(event, ParticipantJoined):
        person = event.participant
        return Occasion(
            "welcome",
            program,
            participants=(person.participant_id,),
            facts={"role": Label("role", person.role)},
        )
    if isinstance(event, ProgramLaunched):
        s = event.settings
        return Occasion(
            "program_launched",
            program,
            to_admins=True,
            to_program_channel=True,
            facts={
                "region": s.region,
                "start_date": Day(s.start_date),
                "end_date": Day(s.end_date),
                "session_minutes": s.session_minutes,
                "cadence_days": s.cadence_days,
            },
        )
    if isinstance(event, MatchingRoundCompleted):
        return Occasion(
            "matching_round_completed",
            program,
            to_admins=True,
            to_program_channel=True,
            priority=Priority.NORMAL if event.awaiting_approval else Priority.LOW,
            facts={
                "pairs_created": event.pairs_created,
                "match_rate": Percent(event.match_rate),
                "unmatched_juniors": event.unmatched_juniors,
                "unmatched_seniors": event.unmatched_seniors,
                "approval": Label("approval", "awaiting" if event.awaiting_approval else "none"),
            },
        )
    if isinstance(event, PairCreated):
        return Occasion(
            "pair_introduction",
            program,
            participants=_pair(event),
            priority=Priority.HIGH,
            pair=_pair(event),
            mentions=_pair(event),
            facts={
                "reasons": Bullets(tuple(reason.text for reason in event.reasons)),
                "pair_id": event.pair_id,
            },
            waits_for_series=True,
        )
    if isinstance(event, PairEnded):
        return Occasion(
            "pair_ended",
            program,
            participants=_pair(event),
            pair=_pair(event),
            mentions=_pair(event),
            facts={"end_reason": Label("end_reason", event.reason), "pair_id": event.pair_id},
            waits_for_series=True,  # the series' cancellation carries it
        )
    if isinstance(event, SessionSeriesPlanned | SessionSeriesChanged):
        return series_occasion(event)
    if isinstance(event, SessionScheduled | SessionRescheduled | SessionCancelled):
        return None  # people hear about these through the series events
    if isinstance(event, SessionReminderDue):
        return Occasion(
            "session_reminder",
            program,
            participants=(event.junior_id, event.senior_id),
            priority=Priority.HIGH,
            expires_at=event.start,
            pair=(event.junior_id, event.senior_id),
            mentions=(event.junior_id, event.senior_id),
            facts={
                "session_id": event.session_id,
                "pair_id": event.pair_id,
                "start": Moment(event.start),
                "start_time": ClockTime(event.start),
                "end_time": ClockTime(event.end),
                "minutes_before": event.minutes_before,
            },
        )
    if isinstance(event, SessionMissed):
        return Occasion(
            "session_missed",
            program,
            participants=(event.junior_id, event.senior_id),
            priority=Priority.LOW,
            pair=(event.junior_id, event.senior_id),
            mentions=(event.junior_id, event.senior_id),
            facts={
                "session_id": event.session_id,
                "pair_id": event.pair_id,
                "start": Moment(event.start),
                "start_day": Day(event.start),
            },
        )
    if isinstance(event, SessionSeriesUnschedulable):
        return Occasion(
            "series_unschedulable",
            program,
            to_admins=True,
            to_program_channel=True,
            pair=(event.junior_id, event.senior_id),
            mentions=(event.junior_id, event.senior_id),
            facts={
                "pair_id": event.pair_id,
                "unschedulable_reason": Label("unschedulable_reason", event.reason),
            },
        )
    if isinstance(event, FeedbackRequested):
        return Occasion(
            "feedback_requested",
            program,
            participants=(event.participant_id,),
            priority=Priority.LOW,
            expires_at=event.due_at,
            facts={
                "due_date": Day(event.due_at),
                "request_id": event.request_id,
                "nudge": Label("nudge", "yes" if event.is_nudge else "no"),
            },
        )
    if isinstance(event, PairAtRisk | PairHealthRecovered):
        at_risk = isinstance(event, PairAtRisk)
        facts: dict[str, object] = {"pair_id": event.pair_id, "health": Percent(event.health_score)}
        if isinstance(event, PairAtRisk):
            facts["risk_reasons"] = LabelList("risk_reason", tuple(event.reasons))
        return Occasion(
            "pair_at_risk" if at_risk else "pair_recovered",
            program,
            to_admins=True,
            to_program_channel=True,
            priority=Priority.NORMAL if at_risk else Priority.LOW,
            pair=_pair(event),
            mentions=_pair(event),
            facts=facts,
        )
    return None
