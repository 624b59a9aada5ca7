"""Kafka subscribers: every stream people may hear about goes through the same intake."""

from __future__ import annotations

from typing import Any

from services.notifications.application.intake import Intake
from services.notifications.application.ports import SourceRef
from shared.events import (
    Event,
    FeedbackEvent,
    PairEvent,
    ParticipantEvent,
    ProgramEvent,
    SessionEvent,
    Topics,
)
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime


def source_of(message: Any, event: Event, topics: Topics) -> SourceRef:
    """Where the event was read, for dead-letter headers if a delivery fails later.

    The message is taken from the broker's own context: under FastStreamAPI a `KafkaMessage`
    parameter resolves against the application's context, where it is never set.
    """
    record = getattr(message, "raw_message", None)
    if record is None:
        return SourceRef(topic=topics.for_event(event))
    return SourceRef(
        topic=str(getattr(record, "topic", topics.for_event(event))),
        partition=int(getattr(record, "partition", -1)),
        offset=int(getattr(record, "offset", -1)),
        key=getattr(record, "key", None),
    )


def register_subscribers(runtime: ServiceRuntime, intake: Intake) -> None:
    heartbeat_ms = getattr(runtime.settings, "consumer_heartbeat_ms", 3_000)
    options = subscriber_options(runtime.settings, heartbeat_interval_ms=heartbeat_ms)
    topics = runtime.topics
    subscribe = runtime.broker.subscriber

    async def handle(event: Event) -> None:
        message = runtime.broker.context.get_local("message")
        await intake.handle(event, source_of(message, event, topics))

    @subscribe(topics.programs, **options)
    async def on_program_event(event: ProgramEvent) -> None:
        await handle(event)

    @subscribe(topics.participants, **options)
    async def on_participant_event(event: ParticipantEvent) -> None:
        await handle(event)

    @subscribe(topics.pairs, **options)
    async def on_pair_event(event: PairEvent) -> None:
        await handle(event)

    @subscribe(topics.sessions, **options)
    async def on_session_event(event: SessionEvent) -> None:
        await handle(event)

    @subscribe(topics.feedback, **options)
    async def on_feedback_event(event: FeedbackEvent) -> None:
        await handle(event)
