"""The in-memory participant list: pages, filters, search, counts and when it reloads."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from services.matching.adapters.participant_directory import (
    DirectoryRow,
    ParticipantDirectory,
    Snapshot,
    matcher,
)


def doc(n: int, role: str = "junior", status: str = "active", **profile: Any) -> dict[str, Any]:
    return {
        "participant_id": f"p{n:03d}",
        "role": role,
        "status": status,
        "profile_version": 1,
        "profile": {"display_name": f"Colleague {n:03d}", "department": "Sales", **profile},
    }


class FakeParticipants:
    """The one query the directory makes: every participant of a program."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = docs
        self.reads = 0

    def find(self, query: dict[str, Any], projection: dict[str, int]) -> AsyncIterator[Any]:
        self.reads += 1
        found = [dict(d, program_id="prog") for d in self.docs]

        async def rows() -> AsyncIterator[Any]:
            for row in found:
                yield row

        return rows()


def snapshot(docs: list[dict[str, Any]]) -> Snapshot:
    return Snapshot([DirectoryRow.of(d) for d in docs])


def test_pages_follow_the_id_order_from_after_the_cursor() -> None:
    rows = snapshot([doc(n) for n in (5, 1, 3, 2, 4)])
    everyone = matcher(role=None, status=None, q=None)
    first = rows.page(everyone, after=None, limit=2)
    second = rows.page(everyone, after="p002", limit=2)
    assert [r.participant_id for r in first] == ["p001", "p002", "p003"]  # one more: a next
    assert [r.participant_id for r in second] == ["p003", "p004", "p005"]
    assert rows.page(everyone, after="p005", limit=2) == []


def test_filters_and_search_match_id_name_and_department_whatever_the_case() -> None:
    rows = snapshot(
        [
            doc(1, role="senior"),
            doc(2, status="withdrawn"),
            doc(3, department="Finance"),
            {**doc(4, status="erased"), "profile": None},
        ]
    )
    assert rows.count(matcher(role="senior", status=None, q=None)) == 1
    assert rows.count(matcher(role=None, status="withdrawn", q=None)) == 1
    assert [
        r.participant_id
        for r in rows.page(matcher(role=None, status=None, q="FINANCE"), after=None, limit=9)
    ] == ["p003"]
    assert rows.count(matcher(role=None, status=None, q="colleague 00")) == 3  # not the erased
    assert rows.count(matcher(role=None, status=None, q="p004")) == 1
    assert rows.counts == {
        ("active", "senior"): 1,
        ("withdrawn", "junior"): 1,
        ("active", "junior"): 1,
        ("erased", "junior"): 1,
    }


async def test_a_change_through_this_process_is_read_at_once_otherwise_once_while_fresh() -> None:
    store = FakeParticipants([doc(1)])
    directory = ParticipantDirectory(store, fresh_seconds=3600)  # type: ignore[arg-type]
    first = await directory.snapshot("prog")
    again = await directory.snapshot("prog")
    store.docs.append(doc(2))
    directory.changed("prog")
    after_change = await directory.snapshot("prog")
    assert first is again
    assert store.reads == 2
    assert after_change.ids == ["p001", "p002"]


async def test_a_stale_snapshot_is_served_while_a_fresh_one_is_read() -> None:
    store = FakeParticipants([doc(1)])
    directory = ParticipantDirectory(store, fresh_seconds=0)  # type: ignore[arg-type]
    first = await directory.snapshot("prog")
    store.docs.append(doc(2))
    served = await directory.snapshot("prog")  # stale: served, and a fresh read starts
    assert served is first
    for _ in range(5):  # let the fresh read finish
        await asyncio.sleep(0)
    latest = await directory.snapshot("prog")
    assert latest.ids == ["p001", "p002"]


async def test_only_the_most_recently_read_programs_are_kept() -> None:
    store = FakeParticipants([doc(1)])
    directory = ParticipantDirectory(store, max_programs=2)  # type: ignore[arg-type]
    for program in ("a", "b", "a", "c"):
        await directory.snapshot(program)
    reads = store.reads
    await directory.snapshot("a")
    await directory.snapshot("b")  # left first: read again
    assert store.reads == reads + 1
