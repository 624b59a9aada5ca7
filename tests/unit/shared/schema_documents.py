"""Documents generated from a published JSON Schema, with hypothesis-jsonschema.

hypothesis-jsonschema 0.23.1 (the latest release) walks Hypothesis' collection helper with
`.more()`, which Hypothesis 6.170 replaced by iteration; the adapter below gives it the old
call on top of the new one, so the library's object generation runs unchanged.

Dates and instants: the library draws any year from 1 to 9999 and then filters by the
schema's pattern, which allows 1900-2999, so nine draws in ten would be thrown away. The
format strategies below draw inside that range; the pattern still filters what they give.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import _from_schema, from_schema

_DONE = object()


class _ManyWithMore:
    def __init__(self, data: Any, min_size: int, max_size: float, average_size: float) -> None:
        self._many = conjecture_utils.many(
            data, min_size=min_size, max_size=max_size, average_size=average_size
        )
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        if next(self._elements, _DONE) is _DONE:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self) -> None:
        self._many.reject()


if not hasattr(conjecture_utils.many, "more"):
    _from_schema.cu = SimpleNamespace(many=_ManyWithMore)  # type: ignore[assignment]

_FIRST = date(1900, 1, 1)
_LAST = date(2999, 12, 31)

offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def _rfc3339(moment: datetime, zulu: bool) -> str:
    text = moment.isoformat()
    return text.removesuffix("+00:00") + "Z" if zulu and text.endswith("+00:00") else text


calendar_dates = st.dates(min_value=_FIRST, max_value=_LAST).map(date.isoformat)
instants = st.builds(
    _rfc3339,
    st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=offsets
    ),
    st.booleans(),
)


def documents_valid_by(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """JSON documents the schema accepts (generated from it, not from our models)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # "overriding standard format"
        return from_schema(schema, custom_formats={"date": calendar_dates, "date-time": instants})
