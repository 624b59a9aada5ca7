"""What the feedback handlers need from the outside world, as Protocols.

Stores that write state together with the events it implies take those events and publish
them themselves (outbox in the same document update), so a handler never has to choose
between "saved but not published" and "published but not saved".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from services.feedback.domain.insights import AnswerRow, AssessmentRow
from services.feedback.domain.model import (
    FeedbackRequest,
    ProgramPolicy,
    RequestStatus,
    Role,
    SelfAssessment,
)
from services.feedback.domain.pairs import Pair, PairHealth, SessionRecord
from services.feedback.domain.requests import HeldCompletion
from shared.events import Event


class ProgramStore(Protocol):
    async def apply_settings(self, policy: ProgramPolicy, version: int) -> None: ...

    async def add_skills(self, program_id: str, skills: Iterable[str]) -> None: ...

    async def policy(self, program_id: str) -> ProgramPolicy | None: ...

    async def in_region(self, region: str, cohort: str | None) -> list[ProgramPolicy]: ...


class ParticipantStore(Protocol):
    async def remember(self, program_id: str, participant_id: str, role: Role) -> None: ...

    async def role_in(self, program_id: str, participant_id: str) -> Role | None: ...

    async def forget(self, participant_id: str) -> None: ...


class PairStore(Protocol):
    async def record_created(
        self, pair: Pair, *, correlation_id: str, next_check: datetime
    ) -> None: ...

    async def record_ended(self, pair: Pair, *, ended_at: datetime) -> None: ...

    async def note_session(
        self, pair: Pair, *, held_at: datetime | None, correlation_id: str, next_check: datetime
    ) -> None: ...

    async def note_pairs(self, pairs: Sequence[tuple[Pair, str]], *, next_check: datetime) -> None:
        """`note_session` with no session held, for many (pair, correlation id) at once."""
        ...

    async def get(self, pair_id: str) -> Pair | None: ...

    async def correlation_of(self, pair_id: str) -> str | None: ...

    async def save_health(
        self,
        pair: Pair,
        health: PairHealth,
        events: Sequence[Event],
        *,
        next_check: datetime,
    ) -> bool:
        """False if the pair changed since it was read (the caller re-reads and retries)."""
        ...

    async def due_checks(self, now: datetime, limit: int) -> list[str]: ...

    async def claim_check(self, pair_id: str, *, now: datetime, next_check: datetime) -> bool: ...

    async def list_health(
        self, program_id: str, *, at_risk_only: bool, limit: int
    ) -> list[Pair]: ...

    async def at_risk_by_program(self) -> dict[str, int]: ...

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """program -> (active pairs, pairs at risk)."""
        ...

    async def pseudonymise(self, participant_id: str, token: str) -> None: ...


class SessionStore(Protocol):
    async def record(self, session: SessionRecord) -> None: ...

    async def record_many(self, sessions: Sequence[SessionRecord]) -> None:
        """`record` for many sessions, one record each."""
        ...

    async def recent_decided(self, pair_id: str, limit: int) -> list[SessionRecord]: ...

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """program -> (sessions held, sessions missed)."""
        ...

    async def hold_feedback(self, held: HeldCompletion) -> None:
        """Keep a completion until its pair is seen created."""
        ...

    async def held_feedback(self, pair_id: str) -> list[HeldCompletion]: ...

    async def release_feedback(self, session_id: str) -> None: ...


class RequestStore(Protocol):
    async def open(self, requests: Sequence[FeedbackRequest], events: Sequence[Event]) -> list[str]:
        """Create each request with its event (same order); existing ones are left alone.

        Returns the ids of the requests this call created."""
        ...

    async def get(self, request_id: str) -> FeedbackRequest | None: ...

    async def save_answer(
        self, before: FeedbackRequest, after: FeedbackRequest, events: Sequence[Event]
    ) -> bool:
        """False if `before` is no longer the stored revision."""
        ...

    async def of_participant(self, participant_id: str, limit: int) -> list[FeedbackRequest]: ...

    async def of_pair(self, pair_id: str, limit: int) -> list[FeedbackRequest]: ...

    async def due_nudges(self, now: datetime, limit: int) -> list[FeedbackRequest]: ...

    async def claim_nudge(self, request: FeedbackRequest, event: Event) -> bool: ...

    async def correlation_of(self, request_id: str) -> str | None: ...

    async def answer_rows(
        self, programs: Sequence[ProgramPolicy], limit: int
    ) -> list[AnswerRow]: ...

    async def counts(self, program_ids: Sequence[str]) -> dict[str, dict[Role, tuple[int, int]]]:
        """program -> role -> (requests asked, requests answered); withdrawn ones excluded."""
        ...

    async def pseudonymise(self, participant_id: str, token: str) -> None: ...


class NoteStore(Protocol):
    async def save(self, request_id: str, author_id: str, text: str, now: datetime) -> None: ...

    async def delete(self, request_id: str, author_id: str) -> None: ...

    async def read(self, request_id: str, author_id: str) -> str | None: ...

    async def erase_author(self, participant_id: str) -> None: ...


class SelfAssessmentStore(Protocol):
    async def save(self, assessment: SelfAssessment) -> None: ...

    async def of_participant(
        self, program_id: str, participant_id: str
    ) -> list[SelfAssessment]: ...

    async def rows(self, program_ids: Sequence[str], limit: int) -> list[AssessmentRow]: ...

    async def pseudonymise(self, participant_id: str, token: str) -> None: ...


class ErasureLog(Protocol):
    async def begin(self, participant_id: str) -> str:
        """The anonymous token that replaces this person's id; the same on a retried erasure."""
        ...

    async def finish(self, participant_id: str) -> None: ...

    async def is_erased(self, participant_id: str) -> bool: ...

    async def erased_among(self, participant_ids: Sequence[str]) -> set[str]:
        """Those of the given people who were erased, in one lookup."""
        ...


class FeedbackObserver(Protocol):
    """Domain metrics; labels are program and role only, never a person."""

    def feedback_requested(self, program_id: str, *, nudge: bool) -> None: ...

    def feedback_held(self, program_id: str) -> None:
        """A completion arrived before its pair's creation and waits for it."""
        ...

    def feedback_submitted(self, program_id: str, role: Role, request: FeedbackRequest) -> None: ...

    def feedback_edited(self, program_id: str) -> None: ...

    def health_changed(self, program_id: str, kind: str) -> None: ...

    def pairs_at_risk(self, counts: dict[str, int]) -> None: ...


class FeedbackListing(Protocol):
    """Paged reads for the console and the portal: pair health by page, a person's requests."""

    async def pair_health(
        self, program_id: str, *, at_risk_only: bool, after: str | None, limit: int
    ) -> tuple[list[Pair], int]:
        """Active pairs by pair id (limit + 1 of them), and how many match."""
        ...

    async def requests_of(
        self, participant_id: str, status: RequestStatus | None, limit: int
    ) -> list[FeedbackRequest]:
        """A person's newest requests, of one status or all."""
        ...
