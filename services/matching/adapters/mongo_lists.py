"""Paged reads of matching's collections for the console and the portal (keyset, not skip).

Every page query is an equality on the program plus a range on the sort key after the cursor, so
an index serves both the filter and the order (see the indexes in
`mongo_collections.COLLECTIONS`). A program's participants are paged from
`mongo_participant_directory` instead.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.matching.adapters.mongo_collections import PAIRS, PARTICIPANTS, PROGRAMS, ROUNDS
from services.matching.application.ports import ProgramScope
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD
from shared.storage.program_changes import program_changes
from shared.storage.snapshots import ProgramSnapshots

_HIDDEN = {OUTBOX_FIELD: 0}


def contains(text: str) -> dict[str, Any]:
    """A case-insensitive substring match on literal text (never a pattern from the caller)."""
    return {"$regex": re.escape(text), "$options": "i"}


def _visible(scope: ProgramScope) -> dict[str, Any] | None:
    """The programs a scope lets its caller list, as a query (None: none at all)."""
    if scope.everything:
        return {}
    if scope.sees_nothing:
        return None
    return {
        "$or": [
            {"_id": {"$in": sorted(scope.ids)}},
            {"settings.region": {"$in": sorted(scope.regions)}},
        ]
    }


class MatchingLists:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._programs = db[PROGRAMS]
        self._participants = db[PARTICIPANTS]
        self._pairs = db[PAIRS]
        self._rounds = db[ROUNDS]

    # -- programs --------------------------------------------------------------------------
    async def programs(
        self,
        scope: ProgramScope,
        *,
        region: str | None,
        q: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Document], int]:
        visible = _visible(scope)
        if visible is None:
            return [], 0
        query: dict[str, Any] = dict(visible)
        if region is not None:
            query["settings.region"] = region
        if q is not None:
            query.setdefault("$and", []).append(
                {"$or": [{"_id": contains(q)}, {"settings.name": contains(q)}]}
            )
        page_query = {"$and": [query, {"_id": {"$gt": after}}]} if after is not None else query
        rows = await self._programs.find(page_query, _HIDDEN).sort("_id").limit(limit + 1).to_list()
        return rows, await self._programs.count_documents(query)

    async def programs_by_id(self, ids: Sequence[str]) -> dict[str, Document]:
        docs = await self._programs.find({"_id": {"$in": list(ids)}}, _HIDDEN).to_list()
        return {d["_id"]: d for d in docs}

    # -- participants ----------------------------------------------------------------------
    async def memberships(self, participant_id: str) -> list[Document]:
        """Every program this person joined (any status), by program id."""
        return (
            await self._participants.find(
                {"participant_id": participant_id},
                {"program_id": 1, "participant_id": 1, "role": 1, "status": 1, "joined_at": 1},
            )
            .sort("program_id")
            .to_list(1000)
        )

    # -- pairs -----------------------------------------------------------------------------
    async def pairs_of_participant(self, program_id: str, participant_id: str) -> list[Document]:
        """Every pair of one person in a program: two lookups an index answers, by pair id."""
        found: dict[str, Document] = {}
        for side in ("junior_id", "senior_id"):
            query = {"program_id": program_id, side: participant_id}
            async for doc in self._pairs.find(query, _HIDDEN):
                found[doc["_id"]] = doc
        return [found[key] for key in sorted(found)]

    async def count_pairs(self, program_id: str, status: str) -> int:
        return await self._pairs.count_documents({"program_id": program_id, "status": status})

    # -- rounds ----------------------------------------------------------------------------
    async def rounds(
        self, program_id: str, *, before: int | None, limit: int
    ) -> tuple[list[Document], int]:
        """Newest first, by round number."""
        query: dict[str, Any] = {"program_id": program_id}
        page_query = {**query, "round_number": {"$lt": before}} if before is not None else query
        # A large round's pair ids and unmatched people are thousands of entries each; the list
        # shows only how many (see `round_counts`).
        hidden = {OUTBOX_FIELD: 0, "pairs": 0, "pair_ids": 0, "unmatched": 0}
        rows = (
            await self._rounds.find(page_query, hidden)
            .sort("round_number", -1)
            .limit(limit + 1)
            .to_list()
        )
        return rows, await self._rounds.count_documents(query)


PairSnapshots = ProgramSnapshots[Document]


def pair_snapshots(db: AsyncDatabase[Document], *, max_programs: int = 16) -> PairSnapshots:
    """Every pair of a program in memory, by pair id (see `shared.storage.snapshots`)."""
    pairs = db[PAIRS]

    async def load(program_id: str) -> list[Document]:
        return await pairs.find({"program_id": program_id}, _HIDDEN).to_list()

    # A pair's id (`pair_id_for`) is a digest that does not carry its program: the feed has the
    # database look each updated pair up for its `program_id`.
    return ProgramSnapshots(
        load, lambda doc: str(doc["_id"]), max_programs=max_programs, changes=program_changes(pairs)
    )


def pair_matcher(*, statuses: Sequence[str], q: str | None) -> Callable[[Document], bool]:
    wanted = frozenset(statuses)
    needle = q.casefold() if q is not None else None

    def matches(doc: Document) -> bool:
        if doc["status"] not in wanted:
            return False
        if needle is None:
            return True
        return any(needle in str(doc[f]).casefold() for f in ("_id", "junior_id", "senior_id"))

    return matches


ScoreOrder = tuple[float, str]


def score_order(doc: Document) -> ScoreOrder:
    """Best score first, then by pair id: the order a round's proposal is reviewed in."""
    return (-float(doc["score"]), str(doc["_id"]))


@dataclass(frozen=True, slots=True)
class RoundPairs:
    """One round's pairs as a pair snapshot holds them, best score first."""

    docs: list[Document]
    keys: list[ScoreOrder]
    by_status: dict[str, int]

    def page(
        self, matches: Callable[[Document], bool], *, after: ScoreOrder | None, limit: int
    ) -> list[Document]:
        """Up to limit + 1 matching pairs after the position `after`."""
        start = bisect.bisect_right(self.keys, after) if after is not None else 0
        found: list[Document] = []
        for doc in self.docs[start:]:
            if matches(doc):
                found.append(doc)
                if len(found) > limit:
                    break
        return found


def pairs_by_round(docs: list[Document]) -> dict[str, RoundPairs]:
    """A program's pairs grouped by the round that made them (computed once per snapshot)."""
    grouped: dict[str, list[Document]] = {}
    for doc in docs:
        grouped.setdefault(str(doc["round_id"]), []).append(doc)
    rounds: dict[str, RoundPairs] = {}
    for round_id, found in grouped.items():
        found.sort(key=score_order)
        rounds[round_id] = RoundPairs(
            docs=found,
            keys=[score_order(d) for d in found],
            by_status=dict(Counter(str(d["status"]) for d in found)),
        )
    return rounds


def unmatched_count(round_doc: Document) -> int:
    """How many people a round left unmatched, from its report (every one has a reason)."""
    by_reason = (round_doc.get("report") or {}).get("unmatched_by_reason") or {}
    return sum(int(n) for n in by_reason.values())
