"""Paged series of a program, and its schedule figures, for the console (keyset on pair id)."""

from __future__ import annotations

from pymongo.asynchronous.collection import AsyncCollection

from services.scheduling.adapters.mongo_series import series_from_document
from services.scheduling.application.ports import ScheduleFigures
from services.scheduling.domain.model import Series, SeriesStatus
from shared.storage.mongo import Document
from shared.storage.snapshots import ProgramSnapshots


class MongoSeriesLists:
    """A program's series for the console, from a snapshot of them in memory (see
    `shared.storage.snapshots`): changed at once by this process's commands, otherwise at
    most ~10 s behind what the event handlers plan."""

    def __init__(self, collection: AsyncCollection[Document], *, max_programs: int = 8) -> None:
        self._series = collection
        self._snapshots: ProgramSnapshots[Series] = ProgramSnapshots(
            self._load, lambda series: series.pair_id, max_programs=max_programs
        )

    async def _load(self, program_id: str) -> list[Series]:
        docs = self._series.find({"program_id": program_id}, {"_outbox": 0})
        return [series_from_document(d) async for d in docs]

    def changed(self, program_id: str) -> None:
        self._snapshots.changed(program_id)

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
        snapshot = await self._snapshots.snapshot(program_id)

        def matches(series: Series) -> bool:
            return (status is None or series.status is status) and (
                participant is None or participant in series.participants
            )

        return snapshot.page(matches, after=after, limit=limit), snapshot.count(matches)

    async def figures(self, program_id: str) -> ScheduleFigures:
        snapshot = await self._snapshots.snapshot(program_id)
        return snapshot.derived("figures", _figures)


def _figures(found: list[Series]) -> ScheduleFigures:
    series: dict[str, int] = {}
    sessions: dict[str, int] = {}
    for one in found:
        series[one.status.value] = series.get(one.status.value, 0) + 1
        for session in one.sessions:
            sessions[session.status.value] = sessions.get(session.status.value, 0) + 1
    return ScheduleFigures(series_by_status=series, sessions_by_status=sessions)
