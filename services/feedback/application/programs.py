"""This service's read model of programs and participants, built from their events.

From participants it keeps only what feedback needs: each person's role and the skills they
bring or want (the program's topic vocabulary). Names, emails and departments are not stored.
"""

from __future__ import annotations

from services.feedback.application.ports import ParticipantStore, ProgramStore
from services.feedback.domain.model import ProgramPolicy, normalise_skill
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
        settings = event.settings
        policy = ProgramPolicy(
            program_id=event.program_id,
            region=settings.region,
            cohort=settings.cohort,
            feedback_deadline_days=settings.feedback_deadline_days,
            health_threshold=settings.health_threshold,
            min_group_size=settings.min_group_size,
            cadence_days=settings.cadence_days,
        )
        await self._programs.apply_settings(policy, event.program_version)

    async def on_participant_event(self, event: Event) -> None:
        if not isinstance(event, ParticipantJoined | ParticipantUpdated):
            return
        profile = event.participant
        await self._participants.remember(event.program_id, profile.participant_id, profile.role)
        skills = {normalise_skill(s.skill) for s in profile.skills_offered}
        skills |= {normalise_skill(g.skill) for g in profile.learning_goals}
        if skills:
            await self._programs.add_skills(event.program_id, sorted(skills))
