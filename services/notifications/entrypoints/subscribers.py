"""Kafka subscribers: every stream people may hear about goes through the same intake."""

from __future__ import annotations

from faststream.kafka.annotations import KafkaMessage

from services.notifications.application.intake import Intake
from services.notifications.application.ports import SourceRef
from shared.events import FeedbackEvent, PairEvent, ParticipantEvent, ProgramEvent, SessionEvent
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime


def source_of(message: KafkaMessage) -> SourceRef:
    record = message.raw_message
    return SourceRef(
        topic=str(getattr(record, "topic", "")),
        partition=int(getattr(record, "partition", -1)),
        offset=int(getattr(record, "offset", -1)),
        key=getattr(record, "key", None),
    )


def register_subscribers(runtime: ServiceRuntime, intake: Intake) -> None:
    options = subscriber_options(runtime.settings)
    topics = runtime.topics
    subscribe = runtime.broker.subscriber

    @subscribe(topics.programs, **options)
    async def on_program_event(event: ProgramEvent, message: KafkaMessage) -> None:
        await intake.handle(event, source_of(message))

    @subscribe(topics.participants, **options)
    async def on_participant_event(event: ParticipantEvent, message: KafkaMessage) -> None:
        await intake.handle(event, source_of(message))

    @subscribe(topics.pairs, **options)
    async def on_pair_event(event: PairEvent, message: KafkaMessage) -> None:
        await intake.handle(event, source_of(message))

    @subscribe(topics.sessions, **options)
    async def on_session_event(event: SessionEvent, message: KafkaMessage) -> None:
        await intake.handle(event, source_of(message))

    @subscribe(topics.feedback, **options)
    async def on_feedback_event(event: FeedbackEvent, message: KafkaMessage) -> None:
        await intake.handle(event, source_of(message))
