"""Kafka subscribers: decode, hand to one handler, let the runtime retry or dead-letter."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.application.batch_planning import PairBatches
from services.scheduling.application.planning import SeriesPlanner
from services.scheduling.application.read_models import ReadModelHandlers
from services.scheduling.application.upkeep import SeriesUpkeep
from shared.events import PairEvent, ParticipantEvent, ProgramEvent
from shared.messaging.batches import entity_key, in_key_order
from shared.messaging.broker import batch_subscriber_options, subscriber_options
from shared.runtime import ServiceRuntime


@dataclass(frozen=True, slots=True)
class EventHandlers:
    read_models: ReadModelHandlers
    planner: SeriesPlanner
    upkeep: SeriesUpkeep
    pair_batches: PairBatches


def register_subscribers(runtime: ServiceRuntime, handlers: EventHandlers) -> None:
    options = subscriber_options(runtime.settings)
    batch_options = batch_subscriber_options(runtime.settings)

    @runtime.broker.subscriber(runtime.topics.programs, **options)
    async def on_program_event(event: ProgramEvent) -> None:
        await handlers.read_models.on_program_event(event)

    # An import sends a program's people in a burst: each person's events in order, several
    # people side by side.
    @runtime.broker.subscriber(runtime.topics.participants, **batch_options)
    async def on_participant_event(events: list[ParticipantEvent]) -> None:
        await in_key_order(events, handlers.read_models.on_participant_event, key=entity_key)

    # A round publishes its pairs in a burst: they are taken a batch at a time and planned
    # together (see `application.batch_planning`), in order, one commit per batch.
    @runtime.broker.subscriber(runtime.topics.pairs, **batch_options)
    async def on_pair_event(events: list[PairEvent]) -> None:
        await handlers.pair_batches.on_pair_events(events)
