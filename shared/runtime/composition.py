"""The plumbing every service is built from, composed once: logging, metrics, the broker with
its middlewares, dead letters, the database client, the publisher and outbox, the clock."""

from __future__ import annotations

from collections.abc import Sequence

from shared.clock import Clock
from shared.events import Topics
from shared.messaging.broker import build_broker
from shared.messaging.dead_letter import DeadLetterRouter, RetryPolicy
from shared.messaging.publisher import KafkaEventPublisher
from shared.observability.logging import configure_logging
from shared.observability.metrics import ServiceMetrics
from shared.runtime.clock_choice import clock_for
from shared.runtime.lifecycle import ServiceRuntime
from shared.settings import ServiceSettings
from shared.storage.mongo import CollectionSpec, build_client
from shared.storage.outbox import Outbox


def build_runtime(
    settings: ServiceSettings,
    *,
    collections: Sequence[CollectionSpec],
    outbox_collections: Sequence[str] = (),
    clock: Clock | None = None,
) -> ServiceRuntime:
    configure_logging(
        settings.service_name, level=settings.log_level, json_output=settings.log_json
    )
    topics = Topics(settings.topic_prefix)
    metrics = ServiceMetrics(settings.service_name)
    dead_letters = DeadLetterRouter(
        service=settings.service_name,
        topics=topics,
        policy=RetryPolicy(
            attempts=settings.retry_attempts,
            base_delay=settings.retry_base_delay_seconds,
            max_delay=settings.retry_max_delay_seconds,
        ),
        metrics=metrics,
    )
    # Prometheus outermost so it counts every message; the retry/DLQ layer sits inside it.
    broker = build_broker(
        settings, middlewares=[metrics.kafka_middleware(), dead_letters.middleware()]
    )
    dead_letters.bind(broker)
    client = build_client(settings)
    publisher = KafkaEventPublisher(broker, topics)
    return ServiceRuntime(
        settings=settings,
        topics=topics,
        metrics=metrics,
        broker=broker,
        dead_letters=dead_letters,
        client=client,
        db=client[settings.database_name],
        publisher=publisher,
        outbox=Outbox(publisher),
        clock=clock if clock is not None else clock_for(settings),
        collections=collections,
        outbox_collections=outbox_collections,
    )
