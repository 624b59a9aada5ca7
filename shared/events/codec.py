"""Bytes <-> events. Every way an incoming message can be wrong has its own typed error."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from shared.events.catalog import EVENT_CLASSES
from shared.events.envelope import SCHEMA_VERSION, Event


class EventDecodeError(ValueError):
    """An incoming message is not a valid Twoway event. Never retried: it goes to the DLQ."""

    reason = "invalid_event"


class MalformedJson(EventDecodeError):
    reason = "malformed_json"


class UnknownEventType(EventDecodeError):
    reason = "unknown_event_type"


class UnsupportedSchemaVersion(EventDecodeError):
    reason = "unsupported_schema_version"


class InvalidEventField(EventDecodeError):
    reason = "invalid_field"

    def __init__(self, event_type: str, problems: list[str]) -> None:
        self.event_type = event_type
        self.problems = problems
        super().__init__(f"{event_type}: " + "; ".join(problems))


def describe_validation_error(error: ValidationError) -> list[str]:
    """Locations and messages only: input values may hold personal data and are left out."""
    return [
        f"{'.'.join(str(part) for part in item['loc']) or '<root>'}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)
    ]


def encode_event(event: Event) -> bytes:
    return event.model_dump_json().encode("utf-8")


def decode_event(data: bytes | bytearray | memoryview | str) -> Event:
    """Decode one message into its event class, or raise a subclass of EventDecodeError."""
    try:
        raw: Any = json.loads(bytes(data) if not isinstance(data, str) else data)
    except (ValueError, RecursionError) as error:
        # ValueError also covers numbers too long to convert (over 4300 digits): a message
        # that escaped as a plain ValueError would be redelivered forever instead of
        # dead-lettered.
        raise MalformedJson(f"not JSON: {type(error).__name__}") from error
    if not isinstance(raw, dict):
        raise MalformedJson(f"an event is a JSON object, got {type(raw).__name__}")
    event_type = raw.get("event_type")
    if not isinstance(event_type, str) or event_type not in EVENT_CLASSES:
        shown = event_type if isinstance(event_type, str) and len(event_type) <= 64 else "?"
        raise UnknownEventType(f"unknown event_type {shown!r}")
    if "schema_version" not in raw:
        raise InvalidEventField(event_type, ["schema_version: Field required"])
    version = raw["schema_version"]
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # 1.0 is the integer 1, in JSON as in JSON Schema
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidEventField(event_type, ["schema_version: must be an integer"])
    if version > SCHEMA_VERSION or version < 1:
        raise UnsupportedSchemaVersion(
            f"{event_type} schema_version {version} (this service reads up to {SCHEMA_VERSION})"
        )
    try:
        # Strict: "42.5" is not a number, "2" not an integer, 0 not false. Instants, dates and
        # UUIDs arrive as text and their wire types parse that text themselves.
        return EVENT_CLASSES[event_type].model_validate(raw, strict=True)
    except ValidationError as error:
        raise InvalidEventField(event_type, describe_validation_error(error)) from None


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def event_json_schema(event_type: str) -> dict[str, Any]:
    """The published JSON Schema of one event: what `decode_event` accepts, no more, no less,
    except the cross-field rules each model's description states in words."""
    schema = EVENT_CLASSES[event_type].model_json_schema()
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def event_json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) of every event, by event type."""
    return {name: event_json_schema(name) for name in sorted(EVENT_CLASSES)}
