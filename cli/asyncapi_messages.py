"""What the AsyncAPI documents add to FastStream's rendering: what each service sends, and the
Kafka headers every message carries.

FastStream documents a service's subscribers; the services publish through one shared
publisher (shared.messaging.publisher), which it cannot see. So the documents declare, for
rendering only, a publisher per stream the service writes and one for its dead letters, and
then give every message the headers the publisher and the dead-letter middleware set.
"""

from __future__ import annotations

from typing import Any

from faststream.kafka import KafkaBroker

from shared.events.catalog import STREAMS
from shared.events.envelope import SCHEMA_VERSION
from shared.events.wire_types import UUID_PATTERN

# Which service writes each stream (a stream has exactly one producer).
PRODUCERS = {
    "programs": "matching",
    "participants": "matching",
    "pairs": "matching",
    "sessions": "scheduling",
    "feedback": "feedback",
    "notifications": "notifications",
    "directory": "directory",
}

DLQ_HEADER_NAMES = {
    "x-dlq-service": "The service that dead-lettered the message",
    "x-dlq-source-topic": "The topic the message was read from",
    "x-dlq-source-partition": "Its partition (decimal)",
    "x-dlq-source-offset": "Its offset (decimal)",
    "x-dlq-reason": "Why: malformed_json, unknown_event_type, unsupported_schema_version, "
    "invalid_field, invalid_event, rejected or handler_failed",
    "x-dlq-error-type": "The error's type name",
    "x-dlq-error-message": "The error's message (at most 1,000 characters; never a value)",
    "x-dlq-attempts": "How many times the handler ran (decimal)",
    "x-dlq-failed-at": "When it was dead-lettered (ISO 8601, UTC)",
    "x-dlq-truncated-from": "Set only when the body was cut: the original length in bytes",
}
DLQ_REQUIRED = [name for name in DLQ_HEADER_NAMES if name != "x-dlq-truncated-from"]


def _uuid_header(description: str) -> dict[str, Any]:
    return {"type": "string", "format": "uuid", "pattern": UUID_PATTERN, "description": description}


def envelope_headers(stream: str) -> dict[str, Any]:
    """The headers `Event.envelope_headers()` writes: the envelope, readable without the body."""
    classes, _key = STREAMS[stream]
    return {
        "type": "object",
        "properties": {
            "event_type": {
                "type": "string",
                "enum": sorted(cls.model_fields["event_type"].default for cls in classes),
                "description": "The payload's event_type, to route without decoding",
            },
            "event_id": _uuid_header("The payload's event_id"),
            "schema_version": {
                "type": "string",
                "const": str(SCHEMA_VERSION),
                "description": "The payload's schema_version, in decimal",
            },
            "correlation_id": _uuid_header("The payload's correlation_id"),
            "causation_id": _uuid_header(
                "The payload's causation_id; absent when the event answers no other event"
            ),
        },
        "required": ["event_type", "event_id", "schema_version", "correlation_id"],
    }


def dead_letter_headers() -> dict[str, Any]:
    """A dead letter keeps the failed message's own headers and adds x-dlq-*."""
    return {
        "type": "object",
        "properties": {
            name: {"type": "string", "description": text} for name, text in DLQ_HEADER_NAMES.items()
        },
        "required": DLQ_REQUIRED,
        "additionalProperties": {
            "type": "string",
            "description": "The failed message's own headers, as received",
        },
    }


def declare_sends(broker: KafkaBroker, service: str, prefix: str, unions: dict[str, Any]) -> None:
    """Publishers for what `service` writes, so FastStream renders them as send operations
    (a topic the service already declares itself is left as it is)."""
    declared = {getattr(publisher, "topic", None) for publisher in broker.publishers}
    for stream, producer in PRODUCERS.items():
        if producer == service and stream in unions and prefix + stream not in declared:
            broker.publisher(
                prefix + stream,
                schema=unions[stream],
                title=f"{prefix}{stream}:Send",
                description=f"{service} publishes the {stream} stream, keyed by "
                f"{STREAMS[stream][1]}.",
            )
    broker.publisher(
        f"{prefix}dlq.{service}",
        schema=bytes,
        title=f"{prefix}dlq.{service}:Send",
        description=f"Messages {service} could not process: the bytes as received.",
    )


def stream_of(address: str, prefix: str) -> str:
    return address.removeprefix(prefix)


def add_headers(spec: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Give every message of the document the headers its topic's messages carry."""
    messages = spec.get("components", {}).get("messages", {})
    for channel in spec.get("channels", {}).values():
        stream = stream_of(channel["address"], prefix)
        for ref in channel["messages"].values():
            message = messages[ref["$ref"].rsplit("/", 1)[1]]
            if stream in STREAMS:
                message["headers"] = envelope_headers(stream)
            elif stream.startswith("dlq."):
                message["headers"] = dead_letter_headers()
    return spec
