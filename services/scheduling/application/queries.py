"""Reading series and sessions for the API."""

from __future__ import annotations

from services.scheduling.application.ports import ProgramStore, SeriesStore
from services.scheduling.application.session_events import SessionEvents
from services.scheduling.domain.model import Series, SeriesStatus, Session
from services.scheduling.domain.rules import UnknownSession

_ALL = tuple(SeriesStatus)


class SessionQueries:
    def __init__(self, *, series: SeriesStore, programs: ProgramStore, events: SessionEvents):
        self._series = series
        self._programs = programs
        self._events = events

    async def pair(self, pair_id: str) -> Series:
        series = await self._series.get(pair_id)
        if series is None:
            raise UnknownSession("pair")
        return series

    async def session(self, session_id: str) -> tuple[Series, Session]:
        series = await self._series.get_by_session(session_id)
        session = series.session(session_id) if series is not None else None
        if series is None or session is None:
            raise UnknownSession()
        return series, session

    async def invitation(self, series: Series, session: Session) -> str:
        calendar = await self._programs.get(series.program_id)
        name = calendar.name if calendar is not None else "Twoway"
        return self._events.invitation(series, session, name)

    async def of_participant(self, participant_id: str) -> list[Series]:
        return await self._series.involving(participant_id, _ALL)

    async def in_program(self, program_id: str, status: SeriesStatus | None) -> list[Series]:
        return await self._series.in_program(program_id, (status,) if status else _ALL)

    async def region_of(self, program_id: str) -> str | None:
        calendar = await self._programs.get(program_id)
        return calendar.region if calendar is not None else None
