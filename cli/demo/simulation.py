"""Program time, step by step: people meet (or not), confirm sessions and answer feedback.

The simulated people learn what is planned the way real ones do, from what the platform
announces: session invitations, moves and cancellations (the sessions stream) and feedback
requests (the feedback stream). What they do about it is decided by `Behaviour` and done
through the scheduling and feedback APIs, as a participant of the pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cli.demo.behaviour import Behaviour
from cli.demo.services import Refused, TwowayApis, each


@dataclass
class KnownSession:
    session_id: str
    pair: dict[str, str]
    index: int
    start: datetime
    status: str = "scheduled"


@dataclass
class PendingAnswer:
    request: dict[str, Any]
    session_index: int
    due_step: int


@dataclass
class StepOutcome:
    completed: int = 0
    left_to_miss: int = 0
    answered: int = 0
    refused: int = 0


FINAL = {
    "SessionCancelled": "cancelled",
    "SessionCompleted": "completed",
    "SessionMissed": "missed",
}


@dataclass
class PeopleAtWork:
    """The simulated participants of all programs."""

    apis: TwowayApis
    behaviour: Behaviour
    sessions: dict[str, KnownSession] = field(default_factory=dict)
    handled_sessions: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)
    seen_requests: set[str] = field(default_factory=set)
    pending: dict[str, PendingAnswer] = field(default_factory=dict)
    answered_people: set[str] = field(default_factory=set)

    def hear(self, event: dict[str, Any]) -> None:
        """An event of one of the demo's programs, as announced on Kafka."""
        kind = event["event_type"]
        if kind == "SessionScheduled":
            pair = {k: event[k] for k in ("pair_id", "program_id", "junior_id", "senior_id")}
            self.sessions[event["session_id"]] = KnownSession(
                event["session_id"],
                pair,
                event["series_index"],
                datetime.fromisoformat(event["start"]),
            )
        elif kind == "SessionRescheduled" and event["session_id"] in self.sessions:
            self.sessions[event["session_id"]].start = datetime.fromisoformat(event["start"])
        elif kind in FINAL and event["session_id"] in self.sessions:
            self.sessions[event["session_id"]].status = FINAL[kind]
        elif kind == "FeedbackRequested" and event["request_id"] not in self.seen_requests:
            self.seen_requests.add(event["request_id"])
            self.requests.append(event)

    def upcoming(self, now: datetime) -> list[datetime]:
        return [
            s.start for s in self.sessions.values() if s.status == "scheduled" and s.start > now
        ]

    async def step(self, step: int, now: datetime, *, final: bool = False) -> StepOutcome:
        outcome = StepOutcome()
        await self._meet(now, outcome)
        self._read_requests(step)
        await self._answer(step, outcome, everything=final)
        return outcome

    async def _meet(self, now: datetime, outcome: StepOutcome) -> None:
        """Confirm the sessions that have started since the last step, or let them lapse."""
        due: list[tuple[KnownSession, dict[str, Any]]] = []
        for session in self.sessions.values():
            if session.status != "scheduled" or session.start > now:
                continue
            if session.session_id in self.handled_sessions:
                continue
            self.handled_sessions.add(session.session_id)
            attendance = self.behaviour.attendance(
                session.pair["pair_id"], session.session_id, session.index
            )
            if attendance is None:
                outcome.left_to_miss += 1
            else:
                due.append((session, attendance))

        async def confirm(item: tuple[KnownSession, dict[str, Any]]) -> None:
            session, attendance = item
            await self.apis.complete_session(
                session.session_id,
                attendance,
                as_participant=self.behaviour.completer(session.pair, session.session_id),
            )

        results = await each(due, confirm)
        outcome.completed += sum(1 for r in results if not isinstance(r, Refused))
        outcome.refused += sum(1 for r in results if isinstance(r, Refused))

    def _read_requests(self, step: int) -> None:
        """Each person asked for feedback decides when (and whether) to answer."""
        for request in self.requests:
            delay = self.behaviour.answer_delay(request["pair_id"], request["request_id"])
            if delay is None:
                continue
            session = self.sessions.get(request["session_id"])
            self.pending[request["request_id"]] = PendingAnswer(
                request, session.index if session else 0, step + delay
            )
        self.requests = []

    async def _answer(self, step: int, outcome: StepOutcome, *, everything: bool) -> None:
        due = [p for p in self.pending.values() if everything or p.due_step <= step]

        async def answer(item: PendingAnswer) -> None:
            request = item.request
            pair = {k: request[k] for k in ("pair_id", "program_id")}
            session = self.sessions.get(request["session_id"])
            if session is not None:
                pair = session.pair
            body = self.behaviour.answer(request, pair, item.session_index)
            await self.apis.answer(request["request_id"], request["participant_id"], body)
            self.answered_people.add(request["participant_id"])

        results = await each(due, answer)
        for item in due:
            self.pending.pop(item.request["request_id"], None)
        outcome.answered += sum(1 for r in results if not isinstance(r, Refused))
        outcome.refused += sum(1 for r in results if isinstance(r, Refused))
