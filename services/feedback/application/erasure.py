"""Right to erasure: a person's answers lose everything that points back to them.

Ratings, topics and self-assessment levels stay, under a random token that is forgotten once
the erasure is done, so program aggregates keep counting the person as one respondent while
nobody can tell which answers were theirs. Private notes are deleted outright.
"""

from __future__ import annotations

import logging

from services.feedback.application.ports import (
    ErasureLog,
    NoteStore,
    PairStore,
    ParticipantStore,
    RequestStore,
    SelfAssessmentStore,
)
from shared.events import ParticipantErased

log = logging.getLogger("twoway.feedback.erasure")


class ParticipantEraser:
    def __init__(
        self,
        *,
        erasures: ErasureLog,
        requests: RequestStore,
        notes: NoteStore,
        pairs: PairStore,
        assessments: SelfAssessmentStore,
        participants: ParticipantStore,
    ) -> None:
        self._erasures = erasures
        self._requests = requests
        self._notes = notes
        self._pairs = pairs
        self._assessments = assessments
        self._participants = participants

    async def erase(self, event: ParticipantErased) -> None:
        person = event.participant_id
        # Recorded first: events about this person that arrive later are stripped too.
        token = await self._erasures.begin(person)
        await self._notes.erase_author(person)
        await self._requests.pseudonymise(person, token)
        await self._assessments.pseudonymise(person, token)
        await self._pairs.pseudonymise(person, "erased")
        await self._participants.forget(person)
        await self._erasures.finish(person)
        log.info("participant erased", extra={"program_id": event.program_id})
