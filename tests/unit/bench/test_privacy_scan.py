"""The fault run's scan for erased people's data reads every document even when a page's
read is cut off (a busy database marked unreachable for a moment), and gives up loudly when
the database stays away."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.errors import AutoReconnect

from bench.load import privacy
from bench.load.privacy import every_document


class Pages:
    """A collection of ids 0..n-1 whose reads fail `failures` times first."""

    def __init__(self, n: int, failures: int) -> None:
        self.docs = [{"_id": i} for i in range(n)]
        self.failures = failures
        self._query: dict[str, Any] = {}
        self._limit = 0

    def find(self, query: dict[str, Any]) -> Pages:
        self._query = query
        return self

    def sort(self, *_: Any) -> Pages:
        return self

    def limit(self, n: int) -> Pages:
        self._limit = n
        return self

    async def to_list(self) -> list[dict[str, Any]]:
        if self.failures:
            self.failures -= 1
            raise AutoReconnect("operation cancelled")
        after = self._query.get("_id", {}).get("$gt", -1)
        return [d for d in self.docs if d["_id"] > after][: self._limit]


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instantly(_: float) -> None:
        return None

    monkeypatch.setattr(privacy.asyncio, "sleep", instantly)


async def test_a_cut_off_page_is_read_again_and_nothing_is_skipped_or_repeated() -> None:
    collection = Pages(1_234, failures=2)
    ids = [doc["_id"] async for doc in every_document(collection, page=100)]
    assert ids == list(range(1_234))


async def test_a_database_that_stays_away_ends_the_scan_with_its_error() -> None:
    with pytest.raises(AutoReconnect):
        [doc async for doc in every_document(Pages(10, failures=6))]
