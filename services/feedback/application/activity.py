"""Pairs and their sessions: who is paired, what was held or missed, whom to ask for feedback.

Pair and session events travel on different topics and may arrive in any order, so each
handler records what its own event says (session events carry both people's ids) and never
waits for another. Nobody is asked for feedback about a pair not seen created: a completion
that arrives first is held (and counted) until the pair's PairCreated releases it; one for a
pair that is never created never asks anyone.

A round's series arrive as bursts of sessions scheduled; such plain facts (a session planned,
moved or cancelled: recorded, never acted on) are recorded a batch at a time in three writes
(`record_plain_facts`), the rest one event at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.feedback.application.health import PairHealthMonitor
from services.feedback.application.mapping import (
    SessionFact,
    feedback_requested,
    held_session_from,
    request_id_for,
    session_record_from,
)
from services.feedback.application.ports import (
    ErasureLog,
    FeedbackObserver,
    PairStore,
    ProgramStore,
    RequestStore,
    SessionStore,
)
from services.feedback.domain.model import ProgramPolicy
from services.feedback.domain.pairs import Pair, SessionStatus
from services.feedback.domain.requests import (
    HeldCompletion,
    RequestTiming,
    attendees,
    open_request,
)
from shared.clock import Clock
from shared.events import (
    PairCreated,
    PairEnded,
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionRescheduled,
    SessionScheduled,
)
from shared.events.envelope import Event

ERASED = "erased"
PLAIN_FACTS = (SessionScheduled, SessionRescheduled, SessionCancelled)


def is_plain_fact(event: Event) -> bool:
    """A session planned, moved or cancelled: feedback only records it."""
    return isinstance(event, PLAIN_FACTS)


def _plain_status(event: SessionFact) -> SessionStatus:
    return "cancelled" if isinstance(event, SessionCancelled) else "scheduled"


class _PairFacts(Protocol):
    """What every pair and session event says about the pair."""

    @property
    def pair_id(self) -> str: ...

    @property
    def program_id(self) -> str: ...

    @property
    def junior_id(self) -> str: ...

    @property
    def senior_id(self) -> str: ...


class PairActivity:
    def __init__(
        self,
        *,
        pairs: PairStore,
        sessions: SessionStore,
        requests: RequestStore,
        programs: ProgramStore,
        erasures: ErasureLog,
        monitor: PairHealthMonitor,
        observer: FeedbackObserver,
        clock: Clock,
        timing: RequestTiming,
    ) -> None:
        self._pairs = pairs
        self._sessions = sessions
        self._requests = requests
        self._programs = programs
        self._erasures = erasures
        self._monitor = monitor
        self._observer = observer
        self._clock = clock
        self._timing = timing

    async def _erased(self, facts: _PairFacts) -> set[str]:
        """Which of the pair's people were erased: one lookup per event."""
        return await self._erasures.erased_among([facts.junior_id, facts.senior_id])

    @staticmethod
    def _pair_of(facts: _PairFacts, erased: set[str]) -> Pair:
        """An erased person's id must not come back with a late event."""
        return Pair(
            pair_id=facts.pair_id,
            program_id=facts.program_id,
            junior_id=ERASED if facts.junior_id in erased else facts.junior_id,
            senior_id=ERASED if facts.senior_id in erased else facts.senior_id,
        )

    async def on_pair_event(self, event: Event) -> None:
        now = self._clock.now()
        if isinstance(event, PairCreated):
            pair = self._pair_of(event, await self._erased(event))
            await self._pairs.record_created(
                Pair(
                    pair_id=pair.pair_id,
                    program_id=pair.program_id,
                    junior_id=pair.junior_id,
                    senior_id=pair.senior_id,
                    paired_at=event.occurred_at,
                ),
                correlation_id=str(event.correlation_id),
                next_check=self._monitor.next_check(now),
            )
            await self._release_held(event.pair_id)
            await self._monitor.evaluate(event.pair_id, cause=event.event_id)
        elif isinstance(event, PairEnded):
            pair = self._pair_of(event, await self._erased(event))
            await self._pairs.record_ended(pair, ended_at=event.occurred_at)

    async def on_session_event(self, event: Event) -> None:
        if isinstance(event, SessionScheduled | SessionRescheduled):
            await self._record(event, "scheduled")
        elif isinstance(event, SessionCancelled):
            await self._record(event, "cancelled")
        elif isinstance(event, SessionMissed):
            await self._record(event, "missed")
            await self._monitor.evaluate(event.pair_id, cause=event.event_id)
        elif isinstance(event, SessionCompleted):
            erased = await self._record(event, "completed")
            held = HeldCompletion(
                session=held_session_from(event),
                correlation_id=event.correlation_id,
                cause_id=event.event_id,
            )
            if not await self._created(event.pair_id):
                # Never ask about a pair not seen created: wait for its PairCreated.
                await self._sessions.hold_feedback(held)
                self._observer.feedback_held(event.program_id)
                if await self._created(event.pair_id):  # it arrived meanwhile
                    await self._release_held(event.pair_id)
                return
            await self._ask_for_feedback(held, erased)
            await self._monitor.evaluate(event.pair_id, cause=event.event_id)

    async def record_plain_facts(self, events: Sequence[Event]) -> None:
        """What `on_session_event` does for each plain fact, for a batch in three writes.

        Each session keeps the last of its facts: none of them is final, so either every one
        applies in turn (the last one stays) or none does (the session was held or missed).
        Each pair is noted by its first fact, as one at a time would (the note only inserts);
        everyone's erasure is looked up at once."""
        facts = [event for event in events if isinstance(event, PLAIN_FACTS)]
        if not facts:
            return
        last = {fact.session_id: fact for fact in facts}
        await self._sessions.record_many(
            [session_record_from(fact, _plain_status(fact)) for fact in last.values()]
        )
        erased = await self._erasures.erased_among(
            sorted({person for fact in facts for person in (fact.junior_id, fact.senior_id)})
        )
        first: dict[str, SessionFact] = {}
        for fact in facts:
            first.setdefault(fact.pair_id, fact)
        await self._pairs.note_pairs(
            [(self._pair_of(fact, erased), str(fact.correlation_id)) for fact in first.values()],
            next_check=self._monitor.next_check(self._clock.now()),
        )

    async def _created(self, pair_id: str) -> bool:
        pair = await self._pairs.get(pair_id)
        return pair is not None and pair.paired_at is not None

    async def _release_held(self, pair_id: str) -> None:
        """The pair is now known: ask about its sessions completed before it arrived."""
        for held in await self._sessions.held_feedback(pair_id):
            erased = await self._erased(held.session)
            await self._ask_for_feedback(held, erased)
            await self._sessions.release_feedback(held.session.session_id)

    async def _record(self, event: SessionFact, status: SessionStatus) -> set[str]:
        """Records what the event says; returns which of the pair's people were erased."""
        held = event if isinstance(event, SessionCompleted) else None
        await self._sessions.record(session_record_from(event, status))
        erased = await self._erased(event)
        await self._pairs.note_session(
            self._pair_of(event, erased),
            held_at=held.start if held else None,
            correlation_id=str(event.correlation_id),
            next_check=self._monitor.next_check(self._clock.now()),
        )
        return erased

    async def _ask_for_feedback(self, held: HeldCompletion, erased: set[str]) -> None:
        session = held.session
        policy = await self._programs.policy(session.program_id) or ProgramPolicy(
            session.program_id
        )
        requests = [
            open_request(
                session,
                participant_id,
                role,
                request_id=request_id_for(session.session_id, participant_id),
                policy=policy,
                timing=self._timing,
            )
            for participant_id, role in attendees(session)
            if participant_id not in erased
        ]
        now = self._clock.now()
        events = [
            feedback_requested(
                request, now=now, correlation_id=held.correlation_id, causation_id=held.cause_id
            )
            for request in requests
        ]
        for _created in await self._requests.open(requests, events):
            self._observer.feedback_requested(session.program_id, nudge=False)
