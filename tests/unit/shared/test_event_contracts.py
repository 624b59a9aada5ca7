import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.events import (
    EVENT_CLASSES,
    EventDecodeError,
    InvalidEventField,
    MalformedJson,
    Topics,
    UnknownEventType,
    UnsupportedSchemaVersion,
    all_topics,
    decode_event,
    derive_id,
    encode_event,
    event_json_schemas,
    partition_key,
)
from tests.unit.shared.sample_events import PAYLOADS, sample


def test_every_event_type_has_a_sample() -> None:
    assert set(PAYLOADS) == set(EVENT_CLASSES)


@pytest.mark.parametrize("event_type", sorted(EVENT_CLASSES))
def test_every_event_round_trips_through_json(event_type: str) -> None:
    event = sample(event_type)
    decoded = decode_event(encode_event(event))
    assert decoded == event
    assert type(decoded) is EVENT_CLASSES[event_type]


@pytest.mark.parametrize("event_type", sorted(EVENT_CLASSES))
def test_unknown_fields_are_rejected_with_their_location(event_type: str) -> None:
    raw = json.loads(encode_event(sample(event_type)))
    raw["surprise"] = 1
    with pytest.raises(InvalidEventField) as caught:
        decode_event(json.dumps(raw).encode())
    assert any(p.startswith("surprise") for p in caught.value.problems)


@pytest.mark.parametrize("event_type", sorted(EVENT_CLASSES))
def test_events_are_frozen(event_type: str) -> None:
    event = sample(event_type)
    with pytest.raises(ValidationError):
        event.program_id = "other"  # type: ignore[misc]


def test_wrong_type_is_an_invalid_field() -> None:
    raw = json.loads(encode_event(sample("PairCreated")))
    raw["score"] = "very high"
    with pytest.raises(InvalidEventField) as caught:
        decode_event(json.dumps(raw))
    assert caught.value.problems[0].startswith("score")


def test_unknown_event_type_is_its_own_error() -> None:
    raw = json.loads(encode_event(sample("PairCreated")))
    raw["event_type"] = "PairDissolved"
    with pytest.raises(UnknownEventType, match="PairDissolved"):
        decode_event(json.dumps(raw))


def test_newer_major_version_is_unsupported() -> None:
    raw = json.loads(encode_event(sample("PairCreated")))
    raw["schema_version"] = 2
    with pytest.raises(UnsupportedSchemaVersion):
        decode_event(json.dumps(raw))


@pytest.mark.parametrize("payload", [b"not json", b"\xff\xfe", b"[1, 2]", b'"text"', b""])
def test_non_json_or_non_object_is_malformed(payload: bytes) -> None:
    with pytest.raises(MalformedJson):
        decode_event(payload)


def test_naive_timestamps_are_rejected() -> None:
    raw = json.loads(encode_event(sample("SessionMissed")))
    raw["start"] = "2026-03-02T09:30:00"
    with pytest.raises(InvalidEventField, match="start"):
        decode_event(json.dumps(raw))


def test_validation_problems_never_echo_the_input() -> None:
    raw = json.loads(encode_event(sample("ParticipantJoined")))
    raw["participant"]["email"] = "not-an-address-of-grace.hopper"
    with pytest.raises(InvalidEventField) as caught:
        decode_event(json.dumps(raw))
    assert "grace.hopper" not in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decoder_never_fails_with_anything_but_its_typed_error(data: bytes) -> None:
    try:
        decode_event(data)
    except EventDecodeError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(EVENT_CLASSES)), st.text(max_size=12), json_values)
def test_mutated_events_decode_or_raise_typed_error(
    event_type: str, key: str, value: object
) -> None:
    raw = json.loads(encode_event(sample(event_type)))
    raw[key] = value
    try:
        decoded = decode_event(json.dumps(raw))
    except EventDecodeError:
        return
    assert decoded.event_type in EVENT_CLASSES


def test_partition_keys_follow_the_stream() -> None:
    assert partition_key(sample("ParticipantJoined")) == b"emea-2026"
    assert partition_key(sample("SessionScheduled")) == b"pair-1"
    assert partition_key(sample("NotificationSent")) == b"p-001"
    assert Topics("x.").for_event(sample("PairAtRisk")) == "x.feedback"


def test_consumer_groups_live_in_the_topic_prefix_namespace() -> None:
    assert Topics().consumer_group("scheduling") == "twoway-scheduling"
    assert Topics("emea.").consumer_group("matching") == "emea-matching"
    assert Topics("").consumer_group("feedback") == "twoway-feedback"
    assert Topics("emea.").consumer_group("matching") != Topics("apac.").consumer_group("matching")


def test_all_topics_lists_streams_and_dead_letter_queues() -> None:
    topics = all_topics("twoway.")
    assert topics["twoway.pairs"] == 12
    assert topics["twoway.dlq.notifications"] == 3
    assert len(topics) == 12  # seven streams, five dead-letter queues


def test_derived_ids_are_stable_and_purpose_specific() -> None:
    cause = sample("PairCreated").event_id
    assert derive_id(cause, "session:1") == derive_id(cause, "session:1")
    assert derive_id(cause, "session:1") != derive_id(cause, "session:2")


def test_every_event_has_a_json_schema_forbidding_extra_fields() -> None:
    schemas = event_json_schemas()
    assert set(schemas) == set(EVENT_CLASSES)
    for schema in schemas.values():
        assert schema["additionalProperties"] is False
        assert "event_id" in schema["required"]


def test_occurred_at_is_normalised_to_utc() -> None:
    raw = json.loads(encode_event(sample("ParticipantErased")))
    raw["occurred_at"] = "2026-03-02T10:30:00+01:00"
    decoded = decode_event(json.dumps(raw))
    assert decoded.occurred_at == datetime.fromisoformat("2026-03-02T09:30:00+00:00")
    assert decoded.occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
