"""Paged reads for the console and the portal: pair health by page, a person's requests."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.collections import PAIRS, REQUESTS
from services.feedback.adapters.pairs import _pair as pair_from_document
from services.feedback.adapters.requests import _request as request_from_document
from services.feedback.domain.model import FeedbackRequest, RequestStatus
from services.feedback.domain.pairs import Pair
from shared.storage.mongo import Document
from shared.storage.outbox import OUTBOX_FIELD

_HIDDEN = {OUTBOX_FIELD: 0}


class FeedbackLists:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._pairs = db[PAIRS]
        self._requests = db[REQUESTS]

    async def pair_health(
        self, program_id: str, *, at_risk_only: bool, after: str | None, limit: int
    ) -> tuple[list[Pair], int]:
        """Active pairs by pair id (limit + 1 of them), and how many match."""
        query: dict[str, Any] = {"program_id": program_id, "status": "active"}
        if at_risk_only:
            query["health.at_risk"] = True
        page_query = {**query, "_id": {"$gt": after}} if after is not None else query
        docs = await self._pairs.find(page_query, _HIDDEN).sort("_id").limit(limit + 1).to_list()
        return [pair_from_document(d) for d in docs], await self._pairs.count_documents(query)

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
