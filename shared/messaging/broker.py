"""Kafka broker construction: idempotent producer, explicit groups, commit after success."""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.middlewares import AckPolicy
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from shared.events.topics import Topics
from shared.settings import ServiceSettings


def build_security(settings: ServiceSettings) -> BaseSecurity | None:
    """SASL and/or TLS exactly as configured; PLAINTEXT means none."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    context: ssl.SSLContext | None = None
    if protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(
            cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
        )
        if settings.kafka_ssl_certfile:
            context.load_cert_chain(
                str(settings.kafka_ssl_certfile),
                str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
            )
    if protocol == "SSL":
        return BaseSecurity(ssl_context=context)
    username = settings.kafka_sasl_username or ""
    password = (
        settings.secret_value(settings.kafka_sasl_password, settings.kafka_sasl_password_file) or ""
    )
    use_ssl = protocol == "SASL_SSL"
    mechanism = {
        "PLAIN": SASLPlaintext,
        "SCRAM-SHA-256": SASLScram256,
        "SCRAM-SHA-512": SASLScram512,
    }[settings.kafka_sasl_mechanism]
    return mechanism(username, password, ssl_context=context, use_ssl=use_ssl)


def build_broker(
    settings: ServiceSettings, *, middlewares: Sequence[Any] = (), graceful_timeout: float = 20.0
) -> KafkaBroker:
    """The one broker of a service process.

    Idempotence with acks=all means a producer retry after a lost acknowledgement never writes
    a second copy; `graceful_timeout` lets in-flight handlers finish on shutdown.
    """
    return KafkaBroker(
        settings.kafka_bootstrap_servers.split(","),
        client_id=f"twoway-{settings.service_name}",
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        allow_auto_create_topics=False,
        security=build_security(settings),
        middlewares=middlewares,
        graceful_timeout=graceful_timeout,
        logger=None,
    )


def consumer_group(settings: ServiceSettings) -> str:
    return Topics(settings.topic_prefix).consumer_group(settings.service_name)


def subscriber_options(settings: ServiceSettings, **overrides: Any) -> dict[str, Any]:
    """Defaults for every subscriber: one explicit group per service, replay from the start of
    a new group, and commit an offset only after the handler (and any DLQ write) succeeded."""
    options: dict[str, Any] = {
        "group_id": consumer_group(settings),
        "auto_offset_reset": "earliest",
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "max_records": None,
        "max_poll_records": settings.consumer_max_poll_records,
        "session_timeout_ms": 30_000,
        "heartbeat_interval_ms": 3_000,
    }
    options.update(overrides)
    return options


BATCH_WAIT_MS = 50
"""How long an idle batch subscriber waits for records in one poll; a poll returns at once
when records are there, so this adds no latency under load."""


def batch_subscriber_options(settings: ServiceSettings, **overrides: Any) -> dict[str, Any]:
    """A batch subscriber (see `shared.messaging.batches`): the same group and commit policy,
    up to `consumer_max_poll_records` records per handler call, one commit per batch."""
    options = subscriber_options(settings)
    options.update(
        {
            "batch": True,
            "max_records": settings.consumer_max_poll_records,
            "batch_timeout_ms": BATCH_WAIT_MS,
        }
    )
    options.update(overrides)
    return options
