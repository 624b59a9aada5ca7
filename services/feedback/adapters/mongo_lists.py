"""Paged reads for the console and the portal: pair health by page, a person's requests."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.mongo_collections import PAIRS, REQUESTS
from services.feedback.adapters.mongo_pairs import _pair as pair_from_document
from services.feedback.adapters.mongo_requests import _request as request_from_document
from services.feedback.domain.model import FeedbackRequest, RequestStatus
from services.feedback.domain.pairs import Pair
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD
from shared.storage.snapshots import ProgramSnapshots

_HIDDEN = {OUTBOX_FIELD: 0}


class FeedbackLists:
    def __init__(self, db: AsyncDatabase[Document], *, max_programs: int = 16) -> None:
        self._pairs = db[PAIRS]
        self._requests = db[REQUESTS]
        # Pair health changes only by events, so a snapshot is at most ~10 s behind them.
        self._active_pairs: ProgramSnapshots[Pair] = ProgramSnapshots(
            self._load_active_pairs, lambda pair: pair.pair_id, max_programs=max_programs
        )

    async def _load_active_pairs(self, program_id: str) -> list[Pair]:
        query = {"program_id": program_id, "status": "active"}
        return [pair_from_document(d) async for d in self._pairs.find(query, _HIDDEN)]

    async def pair_health(
        self, program_id: str, *, at_risk_only: bool, after: str | None, limit: int
    ) -> tuple[list[Pair], int]:
        """Active pairs by pair id (limit + 1 of them), and how many match."""
        snapshot = await self._active_pairs.snapshot(program_id)

        def matches(pair: Pair) -> bool:
            return not at_risk_only or pair.health.state.at_risk

        return snapshot.page(matches, after=after, limit=limit), snapshot.count(matches)

    async def requests_of(
        self, participant_id: str, status: RequestStatus | None, limit: int
    ) -> list[FeedbackRequest]:
        """A person's newest requests, of one status or all."""
        query: dict[str, Any] = {"participant_id": participant_id}
        if status is not None:
            query["status"] = status
        docs = (
            await self._requests.find(query, _HIDDEN)
            .sort("session_start", DESCENDING)
            .limit(limit)
            .to_list()
        )
        return [request_from_document(d) for d in docs]
