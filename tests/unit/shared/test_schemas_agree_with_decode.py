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
from tests.unit.shared.sample_events import sample
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
    # Each document gives a few hundred mutations: fewer documents than above suffice.
    @settings(CHECKS, max_examples=12)
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


def _set(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    parts = tuple(int(p) if p.isdigit() else p for p in path.split("/"))
    return dict(with_value(document, parts, value))


REFUSED_BY_BOTH = [
    ("PairCreated", "score", "42.5"),
    ("PairCreated", "reasons/0/points", "3"),
    ("ParticipantJoined", "participant/seniority_level", "2"),
    ("SessionCompleted", "attended_junior", 0),
    ("SessionCompleted", "minutes", True),
    ("PairCreated", "schema_version", "1"),
    ("PairCreated", "schema_version", 1.5),
    ("PairCreated", "schema_version", 2),
    ("PairCreated", "schema_version", 0),
    ("ParticipantJoined", "participant/email", "not-an-address"),
    ("ParticipantJoined", "participant/email", "ada@example.com\n"),
    ("ParticipantJoined", "participant/timezone", "Mars/Olympus_Mons"),
    ("ParticipantJoined", "participant/availability/0/end", "25:00"),
    ("ParticipantJoined", "participant/availability/0/start", "9:00"),
    ("ParticipantJoined", "participant/display_name", "   "),
    ("ProgramLaunched", "settings/locales", ["en", "en"]),
    ("SessionMissed", "start", "2026-03-02t09:30:00z"),
    ("SessionMissed", "start", "2026-03-02 09:30:00Z"),
    ("SessionMissed", "start", "2026-03-02T09:30:00"),
    ("SessionMissed", "event_id", "00000000000040008000000000000001"),
    ("ProgramLaunched", "settings/start_date", "20260301"),
]


@pytest.mark.parametrize(("event_type", "path", "wrong"), REFUSED_BY_BOTH)
def test_what_integrators_got_wrong_is_refused_by_schema_and_decoder(
    event_type: str, path: str, wrong: Any
) -> None:
    document = _set(json.loads(encode_event(sample(event_type))), path, wrong)
    assert not schema_accepts(document, event_type)
    assert decode_verdict(document) is not None


@pytest.mark.parametrize("missing", ["event_type", "schema_version"])
def test_an_event_without_its_type_or_version_is_refused_by_both(missing: str) -> None:
    document = json.loads(encode_event(sample("PairEnded")))
    del document[missing]
    assert not schema_accepts(document, "PairEnded")
    assert decode_verdict(document) is not None


@pytest.mark.parametrize(
    ("event_type", "path", "value"),
    [
        ("PairCreated", "schema_version", 1.0),
        ("SessionCompleted", "minutes", 45.0),
        ("ParticipantJoined", "participant/availability/0/end", "24:00"),
        ("PairCreated", "score", 42),
        ("SessionMissed", "start", "2026-03-02T11:30:00.5+02:00"),
    ],
)
def test_what_the_schema_allows_the_decoder_takes(event_type: str, path: str, value: Any) -> None:
    document = _set(json.loads(encode_event(sample(event_type))), path, value)
    assert schema_accepts(document, event_type)
    assert decode_verdict(document) is None


def test_a_program_ending_before_it_starts_is_refused_by_the_rule_its_schema_states() -> None:
    document = json.loads(encode_event(sample("ProgramLaunched")))
    document = _set(document, "settings/end_date", "2026-01-01")
    assert schema_accepts(document, "ProgramLaunched")
    refused = decode_verdict(document)
    assert refused is not None
    assert only_documented_rules(refused, "ProgramLaunched")
    assert "end_date must be after start_date" in documented_rules("ProgramLaunched")
