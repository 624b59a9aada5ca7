"""Which ended pair a new pair of a round replaces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.matching.application.pairs import replaced_pairs

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def pair(
    pair_id: str, junior: str, senior: str, *, day: int, ended_day: int | None = None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": pair_id,
        "junior_id": junior,
        "senior_id": senior,
        "created_at": T0 + timedelta(days=day),
        "status": "active" if ended_day is None else "ended",
    }
    if ended_day is not None:
        doc["ended_at"] = T0 + timedelta(days=ended_day)
    return doc


def test_a_new_partner_for_someone_whose_pair_ended_replaces_that_pair() -> None:
    gone = [pair("p1", "j1", "s1", day=0, ended_day=10)]
    assert replaced_pairs([("j2", "s1"), ("j3", "s3")], [], gone) == {("j2", "s1"): "p1"}


def test_only_the_latest_pair_of_a_person_can_be_replaced() -> None:
    gone = [
        pair("p1", "j1", "s1", day=0, ended_day=5),
        pair("p2", "j2", "s1", day=6, ended_day=12),
    ]
    assert replaced_pairs([("j3", "s1")], [], gone) == {("j3", "s1"): "p2"}
    # j1's pair ended, but s1 was paired again after it: s1's rematch replaces p2, and a new
    # partner for j1 replaces p1, whose junior had no pair since.
    assert replaced_pairs([("j1", "s4")], [], gone) == {("j1", "s4"): "p1"}


def test_someone_with_a_live_pair_since_has_nothing_to_replace() -> None:
    gone = [pair("p1", "j1", "s1", day=0, ended_day=5)]
    live = [pair("p2", "j1", "s2", day=6)]
    assert replaced_pairs([("j1", "s3")], live, gone) == {}


def test_rejected_proposals_are_not_replaced() -> None:
    rejected = pair("p1", "j1", "s1", day=0)
    rejected["status"] = "rejected"
    assert replaced_pairs([("j1", "s2")], [], [rejected]) == {}


def test_when_both_people_had_pairs_end_the_more_recent_end_wins() -> None:
    gone = [
        pair("p1", "j1", "s1", day=0, ended_day=4),
        pair("p2", "j2", "s2", day=0, ended_day=9),
    ]
    assert replaced_pairs([("j1", "s2")], [], gone) == {("j1", "s2"): "p2"}
