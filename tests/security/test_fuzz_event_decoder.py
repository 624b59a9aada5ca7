"""Property-based fuzzing of the event decoder, beyond the top-level mutations of the contract
tests: any nested field replaced by any JSON value, absurd nesting and numbers. The decoder
either returns an event that survives its own round trip, or raises its typed error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.events import EventDecodeError, decode_event, encode_event
from shared.events.catalog import EVENT_CLASSES
from tests.unit.shared.sample_events import sample

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = replaced(document[head], tuple(rest), value)
    return copy


def decodes_or_refuses(payload: bytes | str) -> None:
    try:
        event = decode_event(payload)
    except EventDecodeError:
        return
    again = decode_event(encode_event(event))
    assert again == event


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EVENT_CLASSES)), st.data())
def test_any_nested_field_replaced_by_any_value(event_type: str, data: st.DataObject) -> None:
    document = json.loads(encode_event(sample(event_type)))
    path = data.draw(st.sampled_from(paths(document)))
    value = data.draw(json_values)
    decodes_or_refuses(json.dumps(replaced(document, path, value)))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(EVENT_CLASSES)), st.sampled_from(["1e999", "-1e999", "1" * 5000]))
def test_absurd_numbers_in_any_top_level_field(event_type: str, number: str) -> None:
    document = json.loads(encode_event(sample(event_type)))
    for key in document:
        text = json.dumps({**document, key: "__n__"}).replace('"__n__"', number)
        decodes_or_refuses(text)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_nesting_is_refused_not_a_crash(depth: int) -> None:
    document = json.loads(encode_event(sample("PairCreated")))
    text = json.dumps(document)[:-1] + ', "reasons": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(EventDecodeError):
        decode_event(text)
