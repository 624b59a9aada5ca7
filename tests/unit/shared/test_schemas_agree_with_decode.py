"""The published event schemas and the decoder accept exactly the same documents.

Documents are generated FROM the files in contracts/events (hypothesis-jsonschema), never from
our models, so a rule the code enforces but the schema does not say shows up as a document
the schema accepts and the decoder refuses. Then each generated document is mutated the ways
integrators get things wrong (a number sent as a string, 0 for false, a missing
`event_type`, 1.5 as a version, a lower-case "t" in an instant...) and the two verdicts must
still agree, whichever way they go.

The one sanctioned difference: a rule JSON Schema cannot express (an end after its start, a
skill named twice) may make the decoder refuse a schema-valid document, but only if the rule
is written, word for word, in a description of that schema.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli.contracts import CONTRACTS_DIR
from shared.events import EVENT_CLASSES, EventDecodeError, decode_event, encode_event
from shared.events.codec import InvalidEventField
from tests.unit.shared.schema_documents import documents_valid_by

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
    return "\n".join(found)


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


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_schema_names_its_dialect_and_requires_the_discriminator(event_type: str) -> None:
    schema = published(event_type)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"event_type", "schema_version"} <= set(schema["required"])
    assert schema["properties"]["event_type"]["const"] == event_type
    assert jsonschema_rs.meta.is_valid(schema)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_what_the_schema_accepts_the_decoder_accepts(event_type: str) -> None:
    @CHECKS
    @given(documents_valid_by(published(event_type)))
    def check(document: dict[str, Any]) -> None:
        assert validator(event_type).is_valid(document), "generator left the schema"
        refused = decode_verdict(document)
        if refused is None:
            event("accepted by both")
            decoded = decode_event(json.dumps(document))
            assert validator(event_type).is_valid(json.loads(encode_event(decoded)))
            return
        event("refused by a rule the schema states in words")
        assert only_documented_rules(refused, event_type), f"schema accepts, decode: {refused}"

    check()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.text(), children),
    max_leaves=4,
)


def confusables(value: Any) -> list[Any]:
    """What an integrator sends instead of `value` by mistake."""
    if isinstance(value, bool):
        return [0, 1, "true", "false", None]
    if isinstance(value, int):
        return [str(value), value + 0.5, float(value), True, f"{value}.0", None]
    if isinstance(value, float):
        return [str(value), True, None]
    if isinstance(value, str):
        return [
            value.upper(),
            f" {value}",
            f"{value}\n",
            value.replace("T", "t").replace("Z", "z"),
            value.replace("T", " "),
            value.replace("-", ""),
            "",
            " ",
            "1.0",
            42,
            None,
        ]
    if isinstance(value, list):
        return [[], value + value, None]
    return [{}, [], None]


def locations(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, child in document.items():
            found += locations(child, (*prefix, key))
    elif isinstance(document, list):
        for index, child in enumerate(document):
            found += locations(child, (*prefix, index))
    return found


def value_at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def with_value(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = with_value(document[head], tuple(rest), value) if rest else value
    return copy


def without(document: Any, path: tuple[Any, ...]) -> Any:
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    if rest:
        copy[head] = without(document[head], tuple(rest))
    else:
        del copy[head]
    return copy


def mutations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every location removed (where the schema may require it) and given each confusable."""
    found = []
    for path in locations(document):
        where = "/".join(map(str, path))
        if isinstance(path[-1], str):
            found.append((f"{where} removed", dict(without(document, path))))
        for wrong in confusables(value_at(document, path)):
            found.append((f"{where} = {wrong!r}", dict(with_value(document, path, wrong))))
    return found


def disagreement(document: dict[str, Any], event_type: str) -> str | None:
    schema_says = schema_accepts(document, event_type)
    refused = decode_verdict(document)
    if not schema_says and refused is None:
        return "decode accepts what the published schema refuses"
    named = document.get("event_type", event_type)
    if schema_says and refused is not None and not only_documented_rules(refused, named):
        return f"schema accepts, decode refuses: {refused}"
    return None


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_schema_and_decoder_agree_on_mutated_documents(event_type: str) -> None:
    @CHECKS
    @given(documents_valid_by(published(event_type)), st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        for change, wrong in mutations(document):
            verdict = disagreement(wrong, event_type)
            assert verdict is None, f"{change}: {verdict}"
        path = data.draw(st.sampled_from(locations(document)))
        anything = data.draw(json_values)
        verdict = disagreement(dict(with_value(document, path, anything)), event_type)
        assert verdict is None, f"{'/'.join(map(str, path))} = {anything!r}: {verdict}"

    check()
