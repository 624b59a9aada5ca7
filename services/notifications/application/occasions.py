"""Which events people hear about, mapped off the wire into domain occasions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    ParticipantInvited,
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
    "program_invitation",
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


def _to_the_pair(template: str, event: Event, pair: tuple[str, str], **fields: Any) -> Occasion:
    """A message to both people of a pair, naming each other."""
    return Occasion(
        template, event.program_id, participants=pair, pair=pair, mentions=pair, **fields
    )


def _to_the_admins(template: str, event: Event, **fields: Any) -> Occasion:
    """A message to the program's admins and its chat channel."""
    return Occasion(template, event.program_id, to_admins=True, to_program_channel=True, **fields)


def _welcome(event: ParticipantJoined) -> Occasion:
    person = event.participant
    return Occasion(
        "welcome",
        event.program_id,
        participants=(person.participant_id,),
        facts={"role": Label("role", person.role)},
    )


def _invitation(event: ParticipantInvited) -> Occasion:
    return Occasion(
        "program_invitation",
        event.program_id,
        participants=(event.participant_id,),
        facts={"role": Label("role", event.role)},
    )


def _program_launched(event: ProgramLaunched) -> Occasion:
    s = event.settings
    return _to_the_admins(
        "program_launched",
        event,
        facts={
            "region": s.region,
            "start_date": Day(s.start_date),
            "end_date": Day(s.end_date),
            "session_minutes": s.session_minutes,
            "cadence_days": s.cadence_days,
        },
    )


def _matching_round_completed(event: MatchingRoundCompleted) -> Occasion:
    return _to_the_admins(
        "matching_round_completed",
        event,
        priority=Priority.NORMAL if event.awaiting_approval else Priority.LOW,
        facts={
            "pairs_created": event.pairs_created,
            "match_rate": Percent(event.match_rate),
            "unmatched_juniors": event.unmatched_juniors,
            "unmatched_seniors": event.unmatched_seniors,
            "approval": Label("approval", "awaiting" if event.awaiting_approval else "none"),
        },
    )


def _pair_introduction(event: PairCreated) -> Occasion:
    return _to_the_pair(
        "pair_introduction",
        event,
        _pair(event),
        priority=Priority.HIGH,
        facts={
            "reasons": Bullets(tuple(reason.text for reason in event.reasons)),
            "pair_id": event.pair_id,
        },
        waits_for_series=True,
    )


def _pair_ended(event: PairEnded) -> Occasion:
    return _to_the_pair(
        "pair_ended",
        event,
        _pair(event),
        facts={"end_reason": Label("end_reason", event.reason), "pair_id": event.pair_id},
        waits_for_series=True,  # the series' cancellation carries it
    )


def _session_reminder(event: SessionReminderDue) -> Occasion:
    return _to_the_pair(
        "session_reminder",
        event,
        (event.junior_id, event.senior_id),
        priority=Priority.HIGH,
        expires_at=event.start,
        facts={
            "session_id": event.session_id,
            "pair_id": event.pair_id,
            "start": Moment(event.start),
            "start_time": ClockTime(event.start),
            "end_time": ClockTime(event.end),
            "minutes_before": event.minutes_before,
        },
    )


def _session_missed(event: SessionMissed) -> Occasion:
    return _to_the_pair(
        "session_missed",
        event,
        (event.junior_id, event.senior_id),
        priority=Priority.LOW,
        facts={
            "session_id": event.session_id,
            "pair_id": event.pair_id,
            "start": Moment(event.start),
            "start_day": Day(event.start),
        },
    )


def _series_unschedulable(event: SessionSeriesUnschedulable) -> Occasion:
    pair = (event.junior_id, event.senior_id)
    return _to_the_admins(
        "series_unschedulable",
        event,
        pair=pair,
        mentions=pair,
        facts={
            "pair_id": event.pair_id,
            "unschedulable_reason": Label("unschedulable_reason", event.reason),
        },
    )


def _feedback_requested(event: FeedbackRequested) -> Occasion:
    return Occasion(
        "feedback_requested",
        event.program_id,
        participants=(event.participant_id,),
        priority=Priority.LOW,
        expires_at=event.due_at,
        facts={
            "due_date": Day(event.due_at),
            "request_id": event.request_id,
            "nudge": Label("nudge", "yes" if event.is_nudge else "no"),
        },
    )


def _pair_at_risk(event: PairAtRisk) -> Occasion:
    return _to_the_admins(
        "pair_at_risk",
        event,
        priority=Priority.NORMAL,
        pair=_pair(event),
        mentions=_pair(event),
        facts={
            "pair_id": event.pair_id,
            "health": Percent(event.health_score),
            "risk_reasons": LabelList("risk_reason", tuple(event.reasons)),
        },
    )


def _pair_recovered(event: PairHealthRecovered) -> Occasion:
    return _to_the_admins(
        "pair_recovered",
        event,
        priority=Priority.LOW,
        pair=_pair(event),
        mentions=_pair(event),
        facts={"pair_id": event.pair_id, "health": Percent(event.health_score)},
    )


def _unheard(event: Event) -> None:
    """People hear about single sessions through the series events."""
    return None


OccasionBuilder = Callable[[Any], Occasion | None]

BUILDERS: dict[type[Event], OccasionBuilder] = {
    ParticipantJoined: _welcome,
    ParticipantInvited: _invitation,
    ProgramLaunched: _program_launched,
    MatchingRoundCompleted: _matching_round_completed,
    PairCreated: _pair_introduction,
    PairEnded: _pair_ended,
    SessionSeriesPlanned: series_occasion,
    SessionSeriesChanged: series_occasion,
    SessionScheduled: _unheard,
    SessionRescheduled: _unheard,
    SessionCancelled: _unheard,
    SessionReminderDue: _session_reminder,
    SessionMissed: _session_missed,
    SessionSeriesUnschedulable: _series_unschedulable,
    FeedbackRequested: _feedback_requested,
    PairAtRisk: _pair_at_risk,
    PairHealthRecovered: _pair_recovered,
}
"""The message builder for each event type people hear about; other types are not in it."""


def occasion_for(event: Event) -> Occasion | None:
    """None for events nobody needs to hear about (feedback answers, completed sessions...)."""
    build = BUILDERS.get(type(event))
    return build(event) if build is not None else None
