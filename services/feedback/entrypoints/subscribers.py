"""Kafka subscribers of the feedback service: decode, hand to one handler, done.

Each topic's union brings every event type of that stream; handlers ignore the ones they
have no use for.
"""

from __future__ import annotations

from itertools import groupby

from services.feedback.application.activity import PairActivity, is_plain_fact
from services.feedback.application.erasure import ParticipantEraser
from services.feedback.application.programs import ProgramCatalog
from shared.events import (
    PairEvent,
    ParticipantErased,
    ParticipantEvent,
    ProgramEvent,
    SessionEvent,
)
from shared.messaging.batches import entity_key, in_key_order
from shared.messaging.broker import batch_subscriber_options, subscriber_options
from shared.runtime import ServiceRuntime


def register_subscribers(
    runtime: ServiceRuntime,
    *,
    catalog: ProgramCatalog,
    activity: PairActivity,
    eraser: ParticipantEraser,
) -> None:
    options = subscriber_options(runtime.settings)
    batch_options = batch_subscriber_options(runtime.settings)

    @runtime.broker.subscriber(runtime.topics.programs, **options)
    async def on_program_event(event: ProgramEvent) -> None:
        await catalog.on_program_event(event)

    async def participant_event(event: ParticipantEvent) -> None:
        if isinstance(event, ParticipantErased):
            await eraser.erase(event)
        else:
            await catalog.on_participant_event(event)

    # The busy streams come in bursts (an import, a round, a round's series): a batch at a
    # time, one commit per batch, each entity's events in order and several side by side.
    @runtime.broker.subscriber(runtime.topics.participants, **batch_options)
    async def on_participant_event(events: list[ParticipantEvent]) -> None:
        await in_key_order(events, participant_event, key=entity_key)

    @runtime.broker.subscriber(runtime.topics.pairs, **batch_options)
    async def on_pair_event(events: list[PairEvent]) -> None:
        await in_key_order(events, activity.on_pair_event, key=entity_key)

    # A run of sessions planned, moved or cancelled is recorded in a few bulk writes; what
    # comes after a run waits for it, so each session's events still apply in order.
    @runtime.broker.subscriber(runtime.topics.sessions, **batch_options)
    async def on_session_event(events: list[SessionEvent]) -> None:
        for plain, run in groupby(events, key=is_plain_fact):
            if plain:
                await activity.record_plain_facts(list(run))
            else:
                await in_key_order(list(run), activity.on_session_event, key=entity_key)
