"""Wire <-> domain: events in become the domain's records, domain objects out become events,
with ids derived from what caused them.

Ids depend on the request, the answer's revision or the health episode, never on which
instance or trigger did the work, so two instances (or a replay) produce the same event.
From other services' events only what feedback needs is taken: no name, email or department.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.feedback.domain.health import Transition
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy, normalise_skill
from services.feedback.domain.pairs import Pair, SessionRecord, SessionStatus
from services.feedback.domain.requests import HeldSession
from shared.events import (
    FeedbackRequested,
    FeedbackSubmitted,
    PairAtRisk,
    PairHealthRecovered,
    ParticipantProfile,
    ProgramSettings,
    Ratings,
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionRescheduled,
    SessionScheduled,
    derive_id,
    derive_key,
)
from shared.events.envelope import Event
from shared.events.factory import for_entity

SessionFact = (
    SessionScheduled | SessionRescheduled | SessionCancelled | SessionMissed | SessionCompleted
)
"""A session event: each says what became of one session of a pair."""


# -- wire -> domain --------------------------------------------------------------------------
def policy_from(program_id: str, settings: ProgramSettings) -> ProgramPolicy:
    return ProgramPolicy(
        program_id=program_id,
        region=settings.region,
        cohort=settings.cohort,
        feedback_deadline_days=settings.feedback_deadline_days,
        health_threshold=settings.health_threshold,
        min_group_size=settings.min_group_size,
        cadence_days=settings.cadence_days,
    )


def skills_from(profile: ParticipantProfile) -> set[str]:
    """The skills a person brings or wants: the program's topic vocabulary."""
    skills = {normalise_skill(s.skill) for s in profile.skills_offered}
    return skills | {normalise_skill(g.skill) for g in profile.learning_goals}


def session_record_from(event: SessionFact, status: SessionStatus) -> SessionRecord:
    held = event if isinstance(event, SessionCompleted) else None
    return SessionRecord(
        session_id=event.session_id,
        pair_id=event.pair_id,
        program_id=event.program_id,
        start=event.start,
        status=status,
        attended_junior=held.attended_junior if held else True,
        attended_senior=held.attended_senior if held else True,
    )


def held_session_from(event: SessionCompleted) -> HeldSession:
    return HeldSession(
        session_id=event.session_id,
        pair_id=event.pair_id,
        program_id=event.program_id,
        junior_id=event.junior_id,
        senior_id=event.senior_id,
        start=event.start,
        completed_at=event.occurred_at,
        attended_junior=event.attended_junior,
        attended_senior=event.attended_senior,
    )


# -- domain -> wire --------------------------------------------------------------------------
def request_id_for(session_id: str, participant_id: str) -> str:
    """One request per person and session, however often the session's completion arrives."""
    return derive_key(session_id, f"feedback-request:{participant_id}")


def fallback_correlation(entity_id: str) -> UUID:
    return derive_id(entity_id, "correlation")


def feedback_requested(
    request: FeedbackRequest,
    *,
    now: datetime,
    correlation_id: UUID,
    causation_id: UUID | None,
    nudge: bool = False,
) -> FeedbackRequested:
    return for_entity(
        request.request_id,
        FeedbackRequested,
        "feedback-nudge" if nudge else "feedback-requested",
        now=now,
        program_id=request.program_id,
        correlation_id=correlation_id,
        causation_id=causation_id,
        request_id=request.request_id,
        session_id=request.session_id,
        pair_id=request.pair_id,
        participant_id=request.participant_id,
        role=request.role,
        # A nudge asks for an answer before the request closes for good.
        due_at=request.closes_at if nudge else request.due_at,
        is_nudge=nudge,
    )


def feedback_submitted(
    request: FeedbackRequest, *, now: datetime, correlation_id: UUID
) -> FeedbackSubmitted:
    answer = request.answer
    if answer is None:
        raise ValueError("request has no answer")
    return for_entity(
        request.request_id,
        FeedbackSubmitted,
        f"feedback-submitted:{request.revision}",
        now=now,
        program_id=request.program_id,
        correlation_id=correlation_id,
        causation_id=None,
        request_id=request.request_id,
        session_id=request.session_id,
        pair_id=request.pair_id,
        participant_id=request.participant_id,
        role=request.role,
        ratings=Ratings(
            value=answer.ratings.value,
            preparation=answer.ratings.preparation,
            psychological_safety=answer.ratings.psychological_safety,
        ),
        topics_learned=list(answer.topics_learned),
        topics_taught=list(answer.topics_taught),
        would_continue=answer.would_continue,
        revision=request.revision,
    )


def health_event(
    pair: Pair,
    transition: Transition,
    *,
    now: datetime,
    correlation_id: UUID,
    causation_id: UUID | None,
) -> Event:
    if transition.kind == "at_risk":
        return for_entity(
            pair.pair_id,
            PairAtRisk,
            f"pair-at-risk:{transition.episode}",
            now=now,
            program_id=pair.program_id,
            correlation_id=correlation_id,
            causation_id=causation_id,
            pair_id=pair.pair_id,
            junior_id=pair.junior_id,
            senior_id=pair.senior_id,
            health_score=transition.score,
            reasons=list(transition.reasons),
            episode=transition.episode,
        )
    return for_entity(
        pair.pair_id,
        PairHealthRecovered,
        f"pair-recovered:{transition.episode}",
        now=now,
        program_id=pair.program_id,
        correlation_id=correlation_id,
        causation_id=causation_id,
        pair_id=pair.pair_id,
        junior_id=pair.junior_id,
        senior_id=pair.senior_id,
        health_score=transition.score,
        episode=transition.episode,
    )
