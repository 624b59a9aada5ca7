"""In-memory stand-ins for the feedback ports that hold pairs, sessions, requests and notes.

Stores that write state together with the events it implies keep those events in `published`
(what the outbox would send), so a test sees what a handler announced and what it saved. The
other ports' fakes are in fake_people.py; world.py wires every handler on them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from services.feedback.domain.insights import AnswerRow
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy, Role
from services.feedback.domain.pairs import Pair, PairHealth, SessionRecord
from services.feedback.domain.requests import HeldCompletion
from shared.events import Event


class FakePairStore:
    def __init__(self, published: list[Event]) -> None:
        self.pairs: dict[str, Pair] = {}
        self.correlations: dict[str, str] = {}
        self.next_checks: dict[str, datetime] = {}
        self.published = published

    def _known(self, pair: Pair) -> Pair:
        return self.pairs.get(pair.pair_id) or replace(pair, paired_at=None, health=PairHealth())

    async def record_created(
        self, pair: Pair, *, correlation_id: str, next_check: datetime
    ) -> None:
        known = self.pairs.get(pair.pair_id)
        if known is None:
            self.next_checks[pair.pair_id] = next_check
        self.pairs[pair.pair_id] = replace(
            known or pair,
            junior_id=pair.junior_id,
            senior_id=pair.senior_id,
            paired_at=pair.paired_at,
        )
        self.correlations[pair.pair_id] = correlation_id

    async def record_ended(self, pair: Pair, *, ended_at: datetime) -> None:
        self.pairs[pair.pair_id] = replace(self._known(pair), status="ended")
        self.next_checks.pop(pair.pair_id, None)

    async def note_session(
        self, pair: Pair, *, held_at: datetime | None, correlation_id: str, next_check: datetime
    ) -> None:
        if pair.pair_id not in self.pairs:
            self.correlations[pair.pair_id] = correlation_id
            self.next_checks[pair.pair_id] = next_check
        known = self._known(pair)
        if held_at is not None and (known.last_session_at or held_at) <= held_at:
            known = replace(known, last_session_at=held_at)
        self.pairs[pair.pair_id] = known

    async def note_pairs(self, pairs: Sequence[tuple[Pair, str]], *, next_check: datetime) -> None:
        for pair, correlation_id in pairs:
            await self.note_session(
                pair, held_at=None, correlation_id=correlation_id, next_check=next_check
            )

    async def get(self, pair_id: str) -> Pair | None:
        return self.pairs.get(pair_id)

    async def correlation_of(self, pair_id: str) -> str | None:
        return self.correlations.get(pair_id)

    async def save_health(
        self, pair: Pair, health: PairHealth, events: Sequence[Event], *, next_check: datetime
    ) -> bool:
        stored = self.pairs.get(pair.pair_id)
        if stored is None or stored.version != pair.version or stored.status != "active":
            return False
        self.pairs[pair.pair_id] = replace(stored, health=health, version=stored.version + 1)
        self.next_checks[pair.pair_id] = next_check
        self.published.extend(events)
        return True

    async def due_checks(self, now: datetime, limit: int) -> list[str]:
        return [pair_id for pair_id, due in self.next_checks.items() if due <= now][:limit]

    async def claim_check(self, pair_id: str, *, now: datetime, next_check: datetime) -> bool:
        due = self.next_checks.get(pair_id)
        if due is None or due > now:
            return False
        self.next_checks[pair_id] = next_check
        return True

    async def list_health(self, program_id: str, *, at_risk_only: bool, limit: int) -> list[Pair]:
        return [
            p
            for p in self.pairs.values()
            if p.program_id == program_id
            and p.status == "active"
            and (p.health.state.at_risk or not at_risk_only)
        ][:limit]

    async def at_risk_by_program(self) -> dict[str, int]:
        return dict(
            Counter(
                p.program_id
                for p in self.pairs.values()
                if p.status == "active" and p.health.state.at_risk
            )
        )

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        active = [p for p in self.pairs.values() if p.status == "active"]
        return {
            program: (
                sum(p.program_id == program for p in active),
                sum(p.program_id == program and p.health.state.at_risk for p in active),
            )
            for program in program_ids
        }

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        for pair_id, pair in list(self.pairs.items()):
            self.pairs[pair_id] = replace(
                pair,
                junior_id=token if pair.junior_id == participant_id else pair.junior_id,
                senior_id=token if pair.senior_id == participant_id else pair.senior_id,
            )


class FakeSessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, SessionRecord] = {}
        self.held: dict[str, HeldCompletion] = {}

    async def record(self, session: SessionRecord) -> None:
        known = self.sessions.get(session.session_id)
        if known is not None and known.decided and not session.decided:
            return  # a late "scheduled" never undoes "completed" or "missed"
        self.sessions[session.session_id] = session

    async def record_many(self, sessions: Sequence[SessionRecord]) -> None:
        for session in sessions:
            await self.record(session)

    async def recent_decided(self, pair_id: str, limit: int) -> list[SessionRecord]:
        decided = [s for s in self.sessions.values() if s.pair_id == pair_id and s.decided]
        return sorted(decided, key=lambda s: s.start, reverse=True)[:limit]

    async def counts(self, program_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        return {
            program: (
                sum(
                    s.program_id == program and s.status == "completed"
                    for s in self.sessions.values()
                ),
                sum(
                    s.program_id == program and s.status == "missed" for s in self.sessions.values()
                ),
            )
            for program in program_ids
        }

    async def hold_feedback(self, held: HeldCompletion) -> None:
        self.held.setdefault(held.session.session_id, held)

    async def held_feedback(self, pair_id: str) -> list[HeldCompletion]:
        return [h for h in self.held.values() if h.session.pair_id == pair_id]

    async def release_feedback(self, session_id: str) -> None:
        self.held.pop(session_id, None)


class FakeRequestStore:
    def __init__(self, published: list[Event]) -> None:
        self.requests: dict[str, FeedbackRequest] = {}
        self.correlations: dict[str, str] = {}
        self.published = published

    async def open(self, requests: Sequence[FeedbackRequest], events: Sequence[Event]) -> list[str]:
        created = []
        for request, event in zip(requests, events, strict=True):
            if request.request_id in self.requests:
                continue
            self.requests[request.request_id] = request
            self.correlations[request.request_id] = str(event.correlation_id)
            self.published.append(event)
            created.append(request.request_id)
        return created

    async def get(self, request_id: str) -> FeedbackRequest | None:
        return self.requests.get(request_id)

    async def save_answer(
        self, before: FeedbackRequest, after: FeedbackRequest, events: Sequence[Event]
    ) -> bool:
        if self.requests.get(before.request_id) != before:
            return False
        self.requests[after.request_id] = after
        self.published.extend(events)
        return True

    def _newest_first(self, requests: Iterable[FeedbackRequest]) -> list[FeedbackRequest]:
        return sorted(requests, key=lambda r: r.session_start, reverse=True)

    async def of_participant(self, participant_id: str, limit: int) -> list[FeedbackRequest]:
        mine = (r for r in self.requests.values() if r.participant_id == participant_id)
        return self._newest_first(mine)[:limit]

    async def of_pair(self, pair_id: str, limit: int) -> list[FeedbackRequest]:
        theirs = (r for r in self.requests.values() if r.pair_id == pair_id)
        return self._newest_first(theirs)[:limit]

    async def due_nudges(self, now: datetime, limit: int) -> list[FeedbackRequest]:
        return [
            r
            for r in self.requests.values()
            if r.status == "open" and not r.nudged and r.due_at <= now
        ][:limit]

    async def claim_nudge(self, request: FeedbackRequest, event: Event) -> bool:
        stored = self.requests.get(request.request_id)
        if stored is None or stored.nudged or stored.status != "open":
            return False
        self.requests[request.request_id] = replace(stored, nudged=True)
        self.published.append(event)
        return True

    async def correlation_of(self, request_id: str) -> str | None:
        return self.correlations.get(request_id)

    async def answer_rows(self, programs: Sequence[ProgramPolicy], limit: int) -> list[AnswerRow]:
        raise NotImplementedError("insights are tested on their own")

    async def counts(self, program_ids: Sequence[str]) -> dict[str, dict[Role, tuple[int, int]]]:
        raise NotImplementedError("insights are tested on their own")

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        for request_id, request in list(self.requests.items()):
            if request.participant_id == participant_id:
                self.requests[request_id] = replace(request, participant_id=token)


class FakeNoteStore:
    def __init__(self) -> None:
        self.notes: dict[tuple[str, str], str] = {}

    async def save(self, request_id: str, author_id: str, text: str, now: datetime) -> None:
        self.notes[(request_id, author_id)] = text

    async def delete(self, request_id: str, author_id: str) -> None:
        self.notes.pop((request_id, author_id), None)

    async def read(self, request_id: str, author_id: str) -> str | None:
        return self.notes.get((request_id, author_id))

    async def erase_author(self, participant_id: str) -> None:
        self.notes = {key: text for key, text in self.notes.items() if key[1] != participant_id}
