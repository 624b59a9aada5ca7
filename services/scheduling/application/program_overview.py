"""A program's series by page and its schedule figures, for the admin console."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.scheduling.domain.model import Series, SeriesStatus


@dataclass(frozen=True, slots=True)
class ScheduleFigures:
    series_by_status: dict[str, int]
    sessions_by_status: dict[str, int]


class SeriesListing(Protocol):
    async def page(
        self,
        program_id: str,
        *,
        status: SeriesStatus | None,
        participant: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Series], int]:
        """Up to limit + 1 series after the pair id `after`, by pair id; and the match count."""
        ...

    async def figures(self, program_id: str) -> ScheduleFigures: ...

    def changed(self, program_id: str) -> None:
        """A command changed a series of this program: the next read sees it."""
        ...
