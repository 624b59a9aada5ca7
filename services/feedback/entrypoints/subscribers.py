"""Kafka subscribers of the feedback service: decode, hand to one handler, done.

Each topic's union brings every event type of that stream; handlers ignore the ones they
have no use for.
"""

from __future__ import annotations

from services.feedback.application.activity import PairActivity
from services.feedback.application.erasure import ParticipantEraser
from services.feedback.application.programs import ProgramCatalog
from shared.events import (
    PairEvent,
    ParticipantErased,
    ParticipantEvent,
    ProgramEvent,
    SessionEvent,
)
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime


def register_subscribers(
    runtime: ServiceRuntime,
    *,
    catalog: ProgramCatalog,
    activity: PairActivity,
    eraser: ParticipantEraser,
) -> None:
    options = subscriber_options(runtime.settings)

    @runtime.broker.subscriber(runtime.topics.programs, **options)
    async def on_program_event(event: ProgramEvent) -> None:
        await catalog.on_program_event(event)

    @runtime.broker.subscriber(runtime.topics.participants, **options)
    async def on_participant_event(event: ParticipantEvent) -> None:
        if isinstance(event, ParticipantErased):
            await eraser.erase(event)
        else:
            await catalog.on_participant_event(event)

    @runtime.broker.subscriber(runtime.topics.pairs, **options)
    async def on_pair_event(event: PairEvent) -> None:
        await activity.on_pair_event(event)

    @runtime.broker.subscriber(runtime.topics.sessions, **options)
    async def on_session_event(event: SessionEvent) -> None:
        await activity.on_session_event(event)
