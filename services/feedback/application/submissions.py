"""Giving and editing feedback: one answer per request, by the person asked, within its windows.

The private note is stored in its own collection and written after the answer, so it never
travels in an event and never sits in a document that insights read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from services.feedback.application.health import PairHealthMonitor
from services.feedback.application.mapping import fallback_correlation, feedback_submitted
from services.feedback.application.ports import (
    FeedbackObserver,
    NoteStore,
    ProgramStore,
    RequestStore,
)
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy
from services.feedback.domain.requests import (
    Draft,
    RequestTiming,
    SubmissionRejected,
    accept_edit,
    accept_first_answer,
    check_answer,
    require_recipient,
)
from shared.clock import Clock

log = logging.getLogger("twoway.feedback.submissions")

_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    request: FeedbackRequest
    private_note: str | None
    created: bool = False
    changed: bool = False


class FeedbackSubmissions:
    def __init__(
        self,
        *,
        requests: RequestStore,
        notes: NoteStore,
        programs: ProgramStore,
        monitor: PairHealthMonitor,
        observer: FeedbackObserver,
        clock: Clock,
        timing: RequestTiming,
    ) -> None:
        self._requests = requests
        self._notes = notes
        self._programs = programs
        self._monitor = monitor
        self._observer = observer
        self._clock = clock
        self._timing = timing

    async def get(self, request_id: str) -> FeedbackRequest:
        request = await self._requests.get(request_id)
        if request is None:
            raise SubmissionRejected("not_found", "not_found", "feedback request not found")
        return request

    async def of_participant(self, participant_id: str, limit: int) -> list[FeedbackRequest]:
        return await self._requests.of_participant(participant_id, limit)

    async def note_of(self, request: FeedbackRequest, author_id: str) -> str | None:
        return await self._notes.read(request.request_id, author_id)

    async def _policy(self, program_id: str) -> ProgramPolicy:
        return await self._programs.policy(program_id) or ProgramPolicy(program_id)

    async def submit(
        self, request_id: str, participant_id: str | None, draft: Draft
    ) -> SubmissionResult:
        for _ in range(_ATTEMPTS):
            request = await self.get(request_id)
            require_recipient(request, participant_id)
            answer = check_answer(draft, request.role, await self._policy(request.program_id))
            if request.answer is not None and request.answer == answer:
                return await self._repeat(request, draft)
            after = accept_first_answer(request, answer, now=self._clock.now())
            if await self._store(request, after, draft):
                self._observer.feedback_submitted(after.program_id, after.role, after)
                return SubmissionResult(after, draft.private_note, created=True, changed=True)
        raise SubmissionRejected("conflict", "concurrent_update", "please try again")

    async def edit(
        self, request_id: str, participant_id: str | None, draft: Draft
    ) -> SubmissionResult:
        for _ in range(_ATTEMPTS):
            request = await self.get(request_id)
            require_recipient(request, participant_id)
            answer = check_answer(draft, request.role, await self._policy(request.program_id))
            after = accept_edit(request, answer, now=self._clock.now(), timing=self._timing)
            if after is request:
                await self._save_note(request, draft.private_note)
                return SubmissionResult(request, draft.private_note)
            if await self._store(request, after, draft):
                self._observer.feedback_edited(after.program_id)
                return SubmissionResult(after, draft.private_note, changed=True)
        raise SubmissionRejected("conflict", "concurrent_update", "please try again")

    async def _repeat(self, request: FeedbackRequest, draft: Draft) -> SubmissionResult:
        """The same answer again (a retried request): nothing new happens."""
        stored = await self._notes.read(request.request_id, request.participant_id)
        if draft.private_note is not None and stored is None:
            # The first attempt saved the answer but stopped before the note: finish it.
            await self._save_note(request, draft.private_note)
            stored = draft.private_note
        if stored != draft.private_note:
            raise SubmissionRejected(
                "conflict", "already_submitted", "feedback was already given; edit it instead"
            )
        return SubmissionResult(request, stored)

    async def _store(self, before: FeedbackRequest, after: FeedbackRequest, draft: Draft) -> bool:
        correlation = await self._requests.correlation_of(after.request_id)
        event = feedback_submitted(
            after,
            now=self._clock.now(),
            correlation_id=(
                UUID(correlation) if correlation else fallback_correlation(after.request_id)
            ),
        )
        if not await self._requests.save_answer(before, after, [event]):
            return False
        await self._save_note(after, draft.private_note)
        log.info(
            "feedback recorded",
            extra={
                "request_id": after.request_id,
                "program_id": after.program_id,
                "role": after.role,
                "revision": after.revision,
            },
        )
        await self._monitor.evaluate(after.pair_id, cause=event.event_id)
        return True

    async def _save_note(self, request: FeedbackRequest, note: str | None) -> None:
        if note:
            await self._notes.save(
                request.request_id, request.participant_id, note, self._clock.now()
            )
        else:
            await self._notes.delete(request.request_id, request.participant_id)
