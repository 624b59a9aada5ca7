"""Mistakes integrators made, one by one: each is refused by the published schema and the
decoder alike, what the schema allows the decoder takes, and the one sanctioned
difference is a rule the schema states in words."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shared.events import encode_event
from tests.unit.shared.document_mutations import with_value
from tests.unit.shared.sample_events import sample
from tests.unit.shared.schema_verdicts import (
    decode_verdict,
    documented_rules,
    only_documented_rules,
    schema_accepts,
)


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
