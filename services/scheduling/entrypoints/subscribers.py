"""Kafka subscribers: decode, hand to one handler, let the runtime retry or dead-letter."""

from __future__ import annotations

from dataclasses import dataclass

from services.scheduling.application.planning import SeriesPlanner
from services.scheduling.application.read_models import ReadModelHandlers
from services.scheduling.application.upkeep import SeriesUpkeep
from shared.events import PairCreated, PairEnded, PairEvent, ParticipantEvent, ProgramEvent
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime


@dataclass(frozen=True, slots=True)
class EventHandlers:
    read_models: ReadModelHandlers
    planner: SeriesPlanner
    upkeep: SeriesUpkeep


def register_subscribers(runtime: ServiceRuntime, handlers: EventHandlers) -> None:
    options = subscriber_options(runtime.settings)

    @runtime.broker.subscriber(runtime.topics.programs, **options)
    async def on_program_event(event: ProgramEvent) -> None:
        await handlers.read_models.on_program_event(event)

    @runtime.broker.subscriber(runtime.topics.participants, **options)
    async def on_participant_event(event: ParticipantEvent) -> None:
        await handlers.read_models.on_participant_event(event)

    @runtime.broker.subscriber(runtime.topics.pairs, **options)
    async def on_pair_event(event: PairEvent) -> None:
        if isinstance(event, PairCreated):
            await handlers.planner.on_pair_created(event)
        elif isinstance(event, PairEnded):
            await handlers.upkeep.on_pair_ended(event)
