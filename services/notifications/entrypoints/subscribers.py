"""Kafka subscribers: every stream people may hear about goes through the same intake."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.notifications.application.intake import Intake
from services.notifications.domain.model import SourceRef
from shared.events import (
    DirectoryEvent,
    Event,
    FeedbackEvent,
    PairEvent,
    ParticipantEvent,
    ProgramEvent,
    SessionEvent,
    Topics,
)
from shared.messaging.batches import entity_key, in_key_order
from shared.messaging.broker import batch_subscriber_options
from shared.runtime import ServiceRuntime


def record_source(record: Any, event: Event, topics: Topics) -> SourceRef:
    """Where the event was read, for dead-letter headers if a delivery fails later.

    The batch's records are taken from the broker's own context: under FastStreamAPI a
    `KafkaMessage` parameter resolves against the application's context, where it is never set.
    """
    return SourceRef(
        topic=str(getattr(record, "topic", topics.for_event(event))),
        partition=int(getattr(record, "partition", -1)),
        offset=int(getattr(record, "offset", -1)),
        key=getattr(record, "key", None),
    )


def register_subscribers(runtime: ServiceRuntime, intake: Intake) -> None:
    heartbeat_ms = getattr(runtime.settings, "consumer_heartbeat_ms", 3_000)
    options = batch_subscriber_options(runtime.settings, heartbeat_interval_ms=heartbeat_ms)
    topics = runtime.topics
    subscribe = runtime.broker.subscriber

    async def handle(events: Sequence[Event]) -> None:
        """A batch: each entity's events in order, several entities side by side, every
        event with the record it came in (for dead-letter headers if a delivery fails)."""
        message = runtime.broker.context.get_local("message")
        records = getattr(message, "raw_message", None)
        if isinstance(records, tuple) and len(records) == len(events):
            sources = [
                record_source(record, event, topics)
                for record, event in zip(records, events, strict=True)
            ]
        else:
            sources = [SourceRef(topic=topics.for_event(event)) for event in events]

        async def one(item: tuple[Event, SourceRef]) -> None:
            await intake.handle(*item)

        await in_key_order(
            list(zip(events, sources, strict=True)), one, key=lambda item: entity_key(item[0])
        )

    # Every stream comes in bursts (a round's pairs, its series): a batch at a time, one
    # commit per batch.
    @subscribe(topics.programs, **options)
    async def on_program_event(events: list[ProgramEvent]) -> None:
        await handle(events)

    @subscribe(topics.participants, **options)
    async def on_participant_event(events: list[ParticipantEvent]) -> None:
        await handle(events)

    @subscribe(topics.pairs, **options)
    async def on_pair_event(events: list[PairEvent]) -> None:
        await handle(events)

    @subscribe(topics.sessions, **options)
    async def on_session_event(events: list[SessionEvent]) -> None:
        await handle(events)

    @subscribe(topics.feedback, **options)
    async def on_feedback_event(events: list[FeedbackEvent]) -> None:
        await handle(events)

    # The company's directory: a person who left gets nothing more.
    @subscribe(topics.directory, **options)
    async def on_directory_event(events: list[DirectoryEvent]) -> None:
        await handle(events)
