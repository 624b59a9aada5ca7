"""What the deliveries claimed together share: program settings and people read once, and
the outcomes to record together once every send of the handful is over."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from services.notifications.application.ports import ProgramDirectory
from services.notifications.application.recipients import RecipientResolver
from services.notifications.domain.model import DeliveryRecord, Outcome, ProgramProfile
from shared.events import Event


class ProgramsOnce:
    """A batch's program settings: each program is read once, however many of the batch's
    deliveries belong to it. Settings change rarely; people's data is still read fresh for
    every delivery (erasure and preferences must be current)."""

    def __init__(self, programs: ProgramDirectory) -> None:
        self._programs = programs
        self._reads: dict[str, asyncio.Future[ProgramProfile | None]] = {}

    async def get(self, program_id: str) -> ProgramProfile | None:
        if program_id not in self._reads:
            self._reads[program_id] = asyncio.ensure_future(self._programs.get(program_id))
        return await asyncio.shield(self._reads[program_id])


Finished = tuple[DeliveryRecord, Outcome[Event], str]
"""A delivery, its outcome and the reason reported in the metrics."""


@dataclass(slots=True)
class Handful:
    """What the deliveries claimed together share: program settings and people read once,
    and the outcomes to record together once every send of the handful is over."""

    programs: ProgramsOnce
    resolver: RecipientResolver
    outcomes: list[Finished] | None = None
    """None: record each outcome (and publish its events) at once."""
    left: frozenset[str] = frozenset()
    """Recipients who left the company (the directory deactivated them)."""
    ended: frozenset[str] | None = None
    """The ended pairs among those the handful announces; None: ask per delivery."""
