"""What admins and participants do during a load run, one step of program time at a time.

Admins launch programs, import people in bulk and run a matching round; participants complete
most of their sessions (the rest are missed) and answer most feedback requests; a few people
ask to be erased. What the driver knows of sessions and requests it learns from the wire, as
a participant would learn it from their email.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.load.api import Api
from bench.load.population import Person, Program, Timing
from bench.load.wire import Seen
from shared.events import (
    FeedbackRequested,
    PairCreated,
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionRescheduled,
    SessionScheduled,
)

log = logging.getLogger("bench.load.driver")


def share(identifier: str, salt: str) -> float:
    """A stable number in [0, 1) per id, so a rerun makes the same choices."""
    digest = hashlib.sha256(f"{salt}|{identifier}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


@dataclass
class SessionState:
    session_id: str
    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    start: datetime
    end: datetime
    status: str = "scheduled"


@dataclass
class LoadConfig:
    participants: int = 200
    programs: int = 2
    seed: int = 7
    timing: Timing = field(default_factory=Timing)
    step_hours: float = 8.0
    complete_share: float = 0.85
    answer_share: float = 0.85
    erase_share: float = 0.02
    erase_step: int = 3
    join_batch: int = 100
    concurrency: int = 8


@dataclass
class Driver:
    api: Api
    config: LoadConfig
    programs: list[Program]
    now: datetime
    sessions: dict[str, SessionState] = field(default_factory=dict)
    requests: dict[str, FeedbackRequested] = field(default_factory=dict)
    pairs: dict[str, PairCreated] = field(default_factory=dict)
    completed: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    accepted_answers: set[str] = field(default_factory=set)
    erased: set[str] = field(default_factory=set)
    rounds: dict[str, dict[str, Any]] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)

    # -- what the wire tells -----------------------------------------------------------------
    def on_event(self, seen: Seen) -> None:
        event = seen.event
        if isinstance(event, PairCreated):
            self.pairs[event.pair_id] = event
        elif isinstance(event, SessionScheduled | SessionRescheduled):
            state = self.sessions.get(event.session_id)
            if state is None:
                self.sessions[event.session_id] = SessionState(
                    event.session_id,
                    event.pair_id,
                    event.program_id,
                    event.junior_id,
                    event.senior_id,
                    event.start,
                    event.end,
                )
            elif state.status == "scheduled":
                state.start, state.end = event.start, event.end
        elif isinstance(event, SessionCancelled | SessionCompleted | SessionMissed):
            state = self.sessions.get(event.session_id)
            if state is not None:
                state.status = {
                    "SessionCancelled": "cancelled",
                    "SessionCompleted": "completed",
                    "SessionMissed": "missed",
                }[event.event_type]
        elif isinstance(event, FeedbackRequested) and not event.is_nudge:
            self.requests.setdefault(event.request_id, event)

    # -- admins ------------------------------------------------------------------------------
    async def launch(self) -> None:
        for program in self.programs:
            body = program.launch_body(self.now.date(), self.config.timing)
            response = await self.api.call("matching", "POST", "/programs", json=body)
            self._expect(response, (200, 201), "launch")

    async def join_everyone(self) -> None:
        for program in self.programs:
            profiles = program.profiles()
            for first in range(0, len(profiles), self.config.join_batch):
                batch = profiles[first : first + self.config.join_batch]
                response = await self.api.call(
                    "matching",
                    "POST",
                    f"/programs/{program.program_id}/participants/bulk",
                    json={"participants": batch},
                )
                self._expect(response, (200,), "bulk join")
                for row in response.json():
                    self.outcomes[f"join {row['status']}"] += 1

    async def match(self) -> None:
        for program in self.programs:
            # A round over thousands of people takes a while on two cores: a client that gave
            # up and asked again would only meet the first round's lease (409).
            response = await self.api.call(
                "matching",
                "POST",
                f"/programs/{program.program_id}/rounds",
                json={},
                timeout=900.0,
            )
            self._expect(response, (200,), "round")
            self.rounds[program.program_id] = response.json()

    async def erase_some(self) -> None:
        chosen = [
            person
            for program in self.programs
            for person in program.people
            if share(person.participant_id, "erase") < self.config.erase_share
        ]
        for person in chosen:
            response = await self.api.call(
                "matching",
                "DELETE",
                f"/programs/{person.program_id}/participants/{person.participant_id}",
            )
            self._expect(response, (204,), "erase")
            self.erased.add(person.participant_id)

    # -- participants ------------------------------------------------------------------------
    async def act(self) -> None:
        """Complete sessions that have started, answer open requests."""
        missed_after = timedelta(hours=self.config.timing.missed_after_hours)
        due = [
            s
            for s in list(self.sessions.values())
            if s.status == "scheduled"
            and s.session_id not in self.completed
            and s.start <= self.now < s.end + missed_after
            and share(s.session_id, "complete") < self.config.complete_share
            and not ({s.junior_id, s.senior_id} & self.erased)
        ]
        open_requests = [
            r
            for r in list(self.requests.values())
            if r.request_id not in self.answered
            and r.participant_id not in self.erased
            and share(r.request_id, "answer") < self.config.answer_share
        ]
        gate = asyncio.Semaphore(self.config.concurrency)

        async def limited(work: Any) -> None:
            async with gate:
                await work

        await asyncio.gather(
            *(limited(self._complete(s)) for s in due),
            *(limited(self._answer(r)) for r in open_requests),
        )

    async def _complete(self, session: SessionState) -> None:
        response = await self.api.call(
            "scheduling",
            "POST",
            f"/sessions/{session.session_id}/complete",
            json={"minutes": 55},
            headers=self.api.as_participant(session.junior_id),
        )
        self.outcomes[f"complete {response.status_code}"] += 1
        if response.status_code in (200, 409):
            self.completed.add(session.session_id)

    async def _answer(self, request: FeedbackRequested) -> None:
        ratings: dict[str, int] = {"value": 4, "preparation": 4}
        if request.role == "junior":
            ratings["psychological_safety"] = 5
        response = await self.api.call(
            "feedback",
            "POST",
            f"/feedback-requests/{request.request_id}/answer",
            json={"ratings": ratings, "would_continue": True, "topics_learned": ["strategy"]},
            headers=self.api.as_participant(request.participant_id),
        )
        self.outcomes[f"answer {response.status_code}"] += 1
        if response.status_code in (200, 201, 409):
            self.answered.add(request.request_id)
        if response.status_code in (200, 201):
            self.accepted_answers.add(request.request_id)

    def _expect(self, response: Any, codes: tuple[int, ...], what: str) -> None:
        self.outcomes[f"{what} {response.status_code}"] += 1
        if response.status_code not in codes:
            raise RuntimeError(f"{what} answered {response.status_code}: {response.text[:300]}")

    def people(self) -> list[Person]:
        return [person for program in self.programs for person in program.people]
