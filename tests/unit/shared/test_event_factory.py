"""Every envelope comes from shared/events/factory.py: ids repeat for the same work, never
across different work, and each form carries the correlation and cause it promises."""

from __future__ import annotations

from uuid import UUID

from shared.events import PairEnded
from shared.events.factory import caused_by, for_entity, from_command
from tests.unit.shared.sample_events import NOW, sample

CORRELATION = UUID("00000000-0000-4000-8000-0000000000aa")
CAUSE = UUID("00000000-0000-4000-8000-0000000000bb")
PAIR = {"pair_id": "pair-1", "junior_id": "p-001", "senior_id": "p-002", "reason": "admin"}


def ended(purpose: str, cause: UUID | None = CAUSE, entity: str = "pair-1") -> PairEnded:
    return for_entity(
        entity,
        PairEnded,
        purpose,
        now=NOW,
        program_id="emea-2026",
        correlation_id=CORRELATION,
        causation_id=cause,
        **PAIR,
    )


def test_the_same_step_of_the_same_entity_is_the_same_event() -> None:
    assert ended("pair-ended:1").event_id == ended("pair-ended:1").event_id


def test_another_step_or_another_entity_is_another_event() -> None:
    first = ended("pair-ended:1").event_id
    assert ended("pair-ended:2").event_id != first
    assert ended("pair-ended:1", entity="pair-2").event_id != first


def test_an_entity_event_keeps_the_correlation_and_cause_it_is_given() -> None:
    event = ended("pair-ended:1")
    assert (event.correlation_id, event.causation_id) == (CORRELATION, CAUSE)
    assert ended("pair-ended:1", cause=None).causation_id is None
    assert event.occurred_at == NOW
    assert event.program_id == "emea-2026"


def test_a_command_event_has_no_cause_and_a_reaction_inherits_its_causes_correlation() -> None:
    command = from_command(
        "pair-1",
        PairEnded,
        "pair-ended",
        now=NOW,
        program_id="emea-2026",
        correlation_id=CORRELATION,
        **PAIR,
    )
    assert command.causation_id is None
    cause = sample("PairAtRisk")
    reaction = caused_by(cause, PairEnded, "pair-ended-at-risk", now=NOW, **PAIR)
    assert reaction.causation_id == cause.event_id
    assert reaction.correlation_id == cause.correlation_id
    assert reaction.program_id == cause.program_id
    assert reaction.event_id != command.event_id
