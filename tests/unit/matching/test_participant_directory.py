"""The participant list's rows: what a search finds, what filters keep, how they are counted."""

from __future__ import annotations

from typing import Any

from services.matching.adapters.mongo_participant_directory import (
    DirectoryRow,
    counts_of,
    matcher,
    merged_counts,
)
from shared.storage.snapshots import Snapshot


def doc(n: int, role: str = "junior", status: str = "active", **profile: Any) -> dict[str, Any]:
    return {
        "participant_id": f"p{n:03d}",
        "role": role,
        "status": status,
        "profile_version": 1,
        "profile": {"display_name": f"Colleague {n:03d}", "department": "Sales", **profile},
    }


def rows(*docs: dict[str, Any]) -> Snapshot[DirectoryRow]:
    return Snapshot([DirectoryRow.of(d) for d in docs], lambda r: r.participant_id, loaded_at=0)


def test_search_finds_id_name_and_department_whatever_the_case_never_an_erased_name() -> None:
    found = rows(
        doc(1),
        doc(2, department="Finance"),
        {**doc(3, status="erased"), "profile": None},
    )

    def hits(q: str) -> list[str]:
        return [
            r.participant_id
            for r in found.page(matcher(role=None, status=None, q=q), after=None, limit=10)
        ]

    assert hits("FINANCE") == ["p002"]
    assert hits("colleague 00") == ["p001", "p002"]
    assert hits("p003") == ["p003"]  # the pseudonymous id stays


def test_filters_and_counts_by_status_and_role() -> None:
    found = rows(doc(1, role="senior"), doc(2, status="withdrawn"), doc(3))
    assert found.count(matcher(role="senior", status=None, q=None)) == 1
    assert found.count(matcher(role="junior", status="active", q=None)) == 1
    counts = counts_of(found.rows)
    assert merged_counts(counts) == (
        {"active": 2, "withdrawn": 1},
        {"senior": 1, "junior": 2},
    )
