"""List cursors: a page's position comes back only to the list and filters that issued it."""

from __future__ import annotations

import base64

import pytest

from shared.http.pagination import CursorCodec, InvalidCursor, page_of

CODEC = CursorCodec("matching.participants")
FILTERS = {"program": "emea", "role": "junior", "q": None}


def test_a_cursor_brings_back_its_position() -> None:
    cursor = CODEC.encode(("p0042",), FILTERS)
    assert CODEC.decode(cursor, FILTERS, 1) == ("p0042",)
    assert CODEC.decode(None, FILTERS, 1) is None


@pytest.mark.parametrize(
    "cursor",
    ["", "%%%", "bm90IGpzb24", base64.urlsafe_b64encode(b'[["p1"], 5]').decode(), "W10"],
)
def test_garbage_is_an_invalid_cursor(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as refused:
        CODEC.decode(cursor, FILTERS, 1)
    assert refused.value.status == 422
    assert cursor not in refused.value.message or not cursor


def test_a_changed_position_other_filters_or_another_list_are_refused() -> None:
    cursor = CODEC.encode(("p0042",), FILTERS)
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    forged = base64.urlsafe_b64encode(raw.replace("p0042", "p0043").encode()).decode()
    for attempt in (
        lambda: CODEC.decode(forged, FILTERS, 1),
        lambda: CODEC.decode(cursor, {**FILTERS, "role": "senior"}, 1),
        lambda: CursorCodec("matching.pairs").decode(cursor, FILTERS, 1),
        lambda: CODEC.decode(cursor, FILTERS, 2),
    ):
        with pytest.raises(InvalidCursor):
            attempt()


def test_one_more_row_than_the_limit_makes_a_next_cursor() -> None:
    more = page_of(
        ["a", "b", "c"],
        limit=2,
        total=3,
        position_of=lambda r: (r,),
        view=str.upper,
        codec=CODEC,
        filters=FILTERS,
    )
    last = page_of(
        ["c"],
        limit=2,
        total=3,
        position_of=lambda r: (r,),
        view=str.upper,
        codec=CODEC,
        filters=FILTERS,
    )
    assert more.items == ["A", "B"]
    assert more.next_cursor is not None
    assert CODEC.decode(more.next_cursor, FILTERS, 1) == ("b",)
    assert (last.items, last.next_cursor, last.total) == (["C"], None, 3)
