"""The published event schemas and the decoder accept exactly the same documents.

Documents are generated FROM the files in contracts/events (hypothesis-jsonschema), never from
our models, so a rule the code enforces but the schema does not say shows up as a document
the schema accepts and the decoder refuses. Then each generated document is mutated the ways
integrators get things wrong (a number sent as a string, 0 for false, a missing
`event_type`, 1.5 as a version, a lower-case "t" in an instant...) and the two verdicts must
still agree, whichever way they go.

The one sanctioned difference: a rule JSON Schema cannot express (an end after its start, a
skill named twice) may make the decoder refuse a schema-valid document, but only if the rule
is written, word for word, in a description of that schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from shared.events import decode_event, encode_event
from tests.unit.shared.document_mutations import json_values, locations, mutations, with_value
from tests.unit.shared.schema_documents import documents_valid_by
from tests.unit.shared.schema_verdicts import (
    CHECKS,
    EVENT_TYPES,
    decode_verdict,
    disagreement,
    only_documented_rules,
    published,
    validator,
)


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
