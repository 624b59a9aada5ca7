"""Scheduling's own copies of program settings and availability, and what follows a change.

An erased person's audit entries lose what they said (see `admin_audit`)."""

from __future__ import annotations

from services.scheduling.application.admin_audit import SessionAudit
from services.scheduling.application.mapping import calendar_from, person_from
from services.scheduling.application.planning import SeriesPlanner
from services.scheduling.application.ports import ParticipantStore, ProgramStore
from services.scheduling.application.upkeep import SeriesUpkeep
from shared.events import (
    Event,
    ParticipantErased,
    ParticipantJoined,
    ParticipantUpdated,
    ParticipantWithdrew,
    ProgramLaunched,
    ProgramUpdated,
)


class ReadModelHandlers:
    """Follow-up work runs on every delivery, not only when the copy changed: if a previous
    attempt stored the copy and then crashed, the redelivery must still finish the job (and
    each step is idempotent, so repeating it is harmless)."""

    def __init__(
        self,
        *,
        participants: ParticipantStore,
        programs: ProgramStore,
        planner: SeriesPlanner,
        upkeep: SeriesUpkeep,
        audit: SessionAudit,
    ) -> None:
        self._audit = audit
        self._participants = participants
        self._programs = programs
        self._planner = planner
        self._upkeep = upkeep

    async def on_program_event(self, event: Event) -> None:
        if not isinstance(event, ProgramLaunched | ProgramUpdated):
            return
        await self._programs.upsert(
            calendar_from(event.program_id, event.settings, event.program_version)
        )
        await self._planner.retry_for_program(event.program_id, event)
        if isinstance(event, ProgramUpdated):
            await self._upkeep.refit_program(event.program_id, event)

    async def on_participant_event(self, event: Event) -> None:
        if isinstance(event, ParticipantJoined | ParticipantUpdated):
            profile = event.participant
            await self._participants.upsert_profile(
                event.program_id, person_from(profile), event.profile_version
            )
            await self._planner.retry_for_participant(profile.participant_id, event)
            if isinstance(event, ParticipantUpdated):
                await self._upkeep.refit_for_participant(profile.participant_id, event)
        elif isinstance(event, ParticipantWithdrew):
            await self._participants.withdraw(event.program_id, event.participant_id)
            await self._upkeep.on_participant_left(event.participant_id, event)
        elif isinstance(event, ParticipantErased):
            await self._participants.erase(event.program_id, event.participant_id)
            await self._upkeep.on_participant_left(event.participant_id, event)
            await self._audit.erased(event.participant_id)
