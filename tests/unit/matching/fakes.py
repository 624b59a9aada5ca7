"""In-memory stand-ins for the matching ports (application/ports.py), for use-case tests."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from shared.events import Event
from shared.storage.mongo import Document


class FakeLeases:
    def __init__(self) -> None:
        self.held: dict[str, str] = {}

    async def acquire(self, name: str, owner: str, *, now: datetime, ttl: timedelta) -> bool:
        return self.held.setdefault(name, owner) == owner

    async def release(self, name: str, owner: str) -> None:
        if self.held.get(name) == owner:
            del self.held[name]


class FakeMatchingStore:
    """Programs, participants, pairs and rounds by id; `published` is every event written
    with a change, in order (the outbox, as the relay would publish it)."""

    def __init__(self) -> None:
        self.programs: dict[str, Document] = {}
        self.participants: dict[str, Document] = {}
        self.pairs: dict[str, Document] = {}
        self.rounds: dict[str, Document] = {}
        self.published: list[Event] = []
        self._leases = FakeLeases()

    @property
    def leases(self) -> FakeLeases:
        return self._leases

    def _keep(self, table: dict[str, Document], doc: Document, events: Sequence[Event]) -> None:
        table[doc["_id"]] = copy.deepcopy(doc)
        self.published.extend(events)

    # -- programs
    async def get_program(self, program_id: str) -> Document | None:
        return copy.deepcopy(self.programs.get(program_id))

    async def list_programs(self, ids: Iterable[str] | None = None) -> list[Document]:
        wanted = set(self.programs) if ids is None else set(ids) & set(self.programs)
        return [copy.deepcopy(self.programs[i]) for i in sorted(wanted)]

    async def insert_program(self, doc: Document, events: Sequence[Event]) -> bool:
        if doc["_id"] in self.programs:
            return False
        self._keep(self.programs, doc, events)
        return True

    async def update_program(
        self, program_id: str, expected_version: int, changes: Document, events: Sequence[Event]
    ) -> bool:
        current = self.programs.get(program_id)
        if current is None or current["program_version"] != expected_version:
            return False
        self._keep(self.programs, {**current, **changes}, events)
        return True

    async def next_round_number(self, program_id: str) -> int:
        program = self.programs[program_id]
        program["rounds_started"] = program.get("rounds_started", 0) + 1
        return int(program["rounds_started"])

    # -- participants
    async def get_participant(self, program_id: str, participant_id: str) -> Document | None:
        return copy.deepcopy(self.participants.get(f"{program_id}|{participant_id}"))

    async def get_participants(self, program_id: str, ids: Iterable[str]) -> dict[str, Document]:
        found = [self.participants.get(f"{program_id}|{pid}") for pid in ids]
        return {d["participant_id"]: copy.deepcopy(d) for d in found if d is not None}

    async def active_participants(self, program_id: str) -> list[Document]:
        return [
            copy.deepcopy(d)
            for d in self.participants.values()
            if d["program_id"] == program_id and d["status"] == "active"
        ]

    async def memberships_of(self, participant_id: str, statuses: Sequence[str]) -> list[Document]:
        return [
            copy.deepcopy(d)
            for d in self.participants.values()
            if d["participant_id"] == participant_id and d["status"] in statuses
        ]

    async def count_waiting_seniors(self, program_id: str) -> int:
        paired = {
            p["senior_id"] for p in self.pairs.values() if p["status"] in ("proposed", "active")
        }
        return sum(
            d["role"] == "senior" and d["participant_id"] not in paired
            for d in await self.active_participants(program_id)
        )

    async def count_participants(self, program_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for doc in self.participants.values():
            if doc["program_id"] == program_id:
                counts[doc["status"]] = counts.get(doc["status"], 0) + 1
        return counts

    async def insert_participants(
        self, docs: Sequence[Document], events: Sequence[Event]
    ) -> set[str]:
        new = {d["_id"] for d in docs if d["_id"] not in self.participants}
        for doc, event in zip(docs, events, strict=True):
            if doc["_id"] in new:
                self._keep(self.participants, doc, [event])
        return new

    async def update_participant(
        self,
        key: str,
        expected_version: int,
        changes: Document,
        events: Sequence[Event],
        unset: Sequence[str] = (),
    ) -> bool:
        current = self.participants.get(key)
        if current is None or current["profile_version"] != expected_version:
            return False
        doc = {k: v for k, v in {**current, **changes}.items() if k not in unset}
        self._keep(self.participants, doc, events)
        return True

    async def ingest_profiles(self, docs: Sequence[Document]) -> None:
        for doc in docs:  # one at a time, in order: what the batch must amount to
            current = self.participants.get(doc["_id"])
            if current is None:
                self.participants[doc["_id"]] = copy.deepcopy(doc)
            elif (
                current["status"] == "active"
                and current["profile_version"] < doc["profile_version"]
            ):
                current.update(profile=doc["profile"], profile_version=doc["profile_version"])

    # -- pairs
    async def get_pair(self, program_id: str, pair_id: str) -> Document | None:
        pair = self.pairs.get(pair_id)
        return copy.deepcopy(pair) if pair and pair["program_id"] == program_id else None

    async def pairs_of_program(self, program_id: str, statuses: Sequence[str]) -> list[Document]:
        return [
            copy.deepcopy(p)
            for _, p in sorted(self.pairs.items())
            if p["program_id"] == program_id and p["status"] in statuses
        ]

    async def pairs_of_participant(
        self, program_id: str, participant_id: str, statuses: Sequence[str]
    ) -> list[Document]:
        return [
            p
            for p in await self.pairs_of_program(program_id, statuses)
            if participant_id in (p["junior_id"], p["senior_id"])
        ]

    async def insert_pairs(
        self, docs: Sequence[Document], events_by_pair: Mapping[str, Event]
    ) -> None:
        for doc in docs:
            if doc["_id"] not in self.pairs:
                event = events_by_pair.get(doc["_id"])
                self._keep(self.pairs, doc, [event] if event else [])

    async def change_pair_status(
        self,
        pair_id: str,
        from_statuses: Sequence[str],
        changes: Document,
        events: Sequence[Event],
    ) -> bool:
        current = self.pairs.get(pair_id)
        if current is None or current["status"] not in from_statuses:
            return False
        self._keep(self.pairs, {**current, **changes}, events)
        return True

    # -- rounds
    async def save_round(self, doc: Document, events: Sequence[Event] = ()) -> None:
        self._keep(self.rounds, doc, events)

    async def get_round(self, program_id: str, round_id: str) -> Document | None:
        found = self.rounds.get(round_id)
        return copy.deepcopy(found) if found and found["program_id"] == program_id else None

    async def last_round(self, program_id: str) -> Document | None:
        mine = [
            r for r in self.rounds.values() if r["program_id"] == program_id and not r["dry_run"]
        ]
        return copy.deepcopy(max(mine, key=lambda r: r["created_at"])) if mine else None
