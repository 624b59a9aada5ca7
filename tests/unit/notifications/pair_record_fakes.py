"""Hand-written in-memory fakes of what notifications remembers across events: planned
and ended series, ended pairs, people who left the company."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime


class FakeSeriesLedger:
    def __init__(self) -> None:
        self.planned: dict[str, datetime] = {}
        self.ended_at: dict[str, datetime] = {}

    async def record(self, pair_id: str, at: datetime) -> None:
        self.planned.setdefault(pair_id, at)

    async def known(self, pair_id: str) -> bool:
        return pair_id in self.planned

    async def record_end(self, pair_id: str, at: datetime) -> None:
        self.ended_at.setdefault(pair_id, at)

    async def ended(self, pair_id: str) -> bool:
        return pair_id in self.ended_at


class FakeEndedPairs:
    def __init__(self) -> None:
        self.ended_at: dict[str, datetime] = {}

    async def remember(self, pair_id: str, at: datetime) -> None:
        self.ended_at.setdefault(pair_id, at)

    async def has_ended(self, pair_id: str) -> bool:
        return pair_id in self.ended_at

    async def ended_among(self, pair_ids: Collection[str]) -> set[str]:
        return {p for p in pair_ids if p in self.ended_at}


class FakeLeaverRecords:
    def __init__(self) -> None:
        self.people: dict[str, tuple[int, bool]] = {}

    async def mark(self, person_id: str, version: int, *, active: bool) -> bool:
        known = self.people.get(person_id)
        if known is not None and known[0] >= version:
            return False
        self.people[person_id] = (version, active)
        return True

    async def inactive_among(self, person_ids: Collection[str]) -> set[str]:
        return {p for p in person_ids if p in self.people and not self.people[p][1]}
