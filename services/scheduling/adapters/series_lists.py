"""Paged series of a program, and its schedule figures, for the console (keyset on pair id)."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from services.scheduling.adapters.series_repository import SERIES, series_from_document
from services.scheduling.application.program_overview import ScheduleFigures
from services.scheduling.domain.model import Series, SeriesStatus
from shared.storage.mongo import CollectionSpec, Document

SERIES_LIST_SPEC = CollectionSpec(
    SERIES,
    [
        IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_page"),
        IndexModel(
            [("program_id", ASCENDING), ("status", ASCENDING), ("_id", ASCENDING)],
            name="program_status_page",
        ),
    ],
)


class MongoSeriesLists:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._series = collection

    async def page(
        self,
        program_id: str,
        *,
        status: SeriesStatus | None,
        participant: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Series], int]:
        """Up to limit + 1 series by pair id, and how many match."""
        query: dict[str, Any] = {"program_id": program_id}
        if status is not None:
            query["status"] = status.value
        if participant is not None:
            query["participants"] = participant
        page_query = {**query, "_id": {"$gt": after}} if after is not None else query
        docs = self._series.find(page_query, {"_outbox": 0}).sort("_id").limit(limit + 1)
        found = [series_from_document(d) async for d in docs]
        return found, await self._series.count_documents(query)

    async def figures(self, program_id: str) -> ScheduleFigures:
        series: dict[str, int] = {}
        async for row in await self._series.aggregate(
            [
                {"$match": {"program_id": program_id}},
                {"$group": {"_id": "$status", "n": {"$sum": 1}}},
            ]
        ):
            series[str(row["_id"])] = int(row["n"])
        sessions: dict[str, int] = {}
        async for row in await self._series.aggregate(
            [
                {"$match": {"program_id": program_id}},
                {"$project": {"sessions.status": 1}},
                {"$unwind": "$sessions"},
                {"$group": {"_id": "$sessions.status", "n": {"$sum": 1}}},
            ]
        ):
            sessions[str(row["_id"])] = int(row["n"])
        return ScheduleFigures(series_by_status=series, sessions_by_status=sessions)
