"""This service's read model of programs and participants, built from their events.

From participants it keeps only what feedback needs: each person's role and the skills they
bring or want (the program's topic vocabulary). Names, emails and departments are not stored.
"""

from __future__ import annotations

from services.feedback.application.mapping import policy_from, skills_from
from services.feedback.application.ports import ParticipantStore, ProgramStore
from shared.events import (
    ParticipantJoined,
    ParticipantUpdated,
    ProgramLaunched,
    ProgramUpdated,
)
from shared.events.envelope import Event


class ProgramCatalog:
    def __init__(self, *, programs: ProgramStore, participants: ParticipantStore) -> None:
        self._programs = programs
        self._participants = participants

    async def on_program_event(self, event: Event) -> None:
        if not isinstance(event, ProgramLaunched | ProgramUpdated):
            return
        policy = policy_from(event.program_id, event.settings)
        await self._programs.apply_settings(policy, event.program_version)

    async def on_participant_event(self, event: Event) -> None:
        if not isinstance(event, ParticipantJoined | ParticipantUpdated):
            return
        profile = event.participant
        await self._participants.remember(event.program_id, profile.participant_id, profile.role)
        skills = skills_from(profile)
        if skills:
            await self._programs.add_skills(event.program_id, sorted(skills))
