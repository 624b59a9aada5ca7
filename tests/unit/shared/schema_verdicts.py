"""What the published schema of an event says of a document, what the decoder says, and
whether the two disagree beyond the rules a schema states in words."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, settings

from cli.contracts import CONTRACTS_DIR
from shared.events import EVENT_CLASSES, EventDecodeError, decode_event
from shared.events.codec import InvalidEventField

EVENT_TYPES = sorted(EVENT_CLASSES)
CHECKS = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@cache
def published(event_type: str) -> dict[str, Any]:
    path = CONTRACTS_DIR / "events" / f"{event_type}.schema.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


@cache
def validator(event_type: str) -> Any:
    return jsonschema_rs.validator_for(published(event_type), validate_formats=True)


@cache
def documented_rules(event_type: str) -> str:
    """Every description in the schema, joined: where the inexpressible rules are written."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                found.append(node["description"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(published(event_type))
    return " ".join(" ".join(found).split())


def schema_accepts(document: Any, fallback: str) -> bool:
    """The verdict of the published schema of the event the document names (its own type's
    schema when it names none we publish)."""
    named = document.get("event_type") if isinstance(document, dict) else None
    event_type = named if isinstance(named, str) and named in EVENT_CLASSES else fallback
    return bool(validator(event_type).is_valid(document))


def only_documented_rules(error: EventDecodeError, event_type: str) -> bool:
    if not isinstance(error, InvalidEventField):
        return False
    rules = documented_rules(event_type)
    messages = [problem.split(": ", 1)[-1] for problem in error.problems]
    return all(
        message.startswith("Value error, ") and message.removeprefix("Value error, ") in rules
        for message in messages
    )


def decode_verdict(document: Any) -> EventDecodeError | None:
    try:
        decode_event(json.dumps(document))
    except EventDecodeError as error:
        return error
    return None


def disagreement(document: dict[str, Any], event_type: str) -> str | None:
    schema_says = schema_accepts(document, event_type)
    refused = decode_verdict(document)
    if not schema_says and refused is None:
        return "decode accepts what the published schema refuses"
    named = document.get("event_type", event_type)
    if schema_says and refused is not None and not only_documented_rules(refused, named):
        return f"schema accepts, decode refuses: {refused}"
    return None
