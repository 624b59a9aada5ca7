"""Two service instances running the timers at once never nudge twice or warn twice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.mongo_pairs import MongoPairStore
from services.feedback.adapters.mongo_programs import MongoProgramStore
from services.feedback.adapters.mongo_requests import MongoRequestStore
from services.feedback.adapters.mongo_sessions import MongoSessionStore
from services.feedback.application.health import PairHealthMonitor
from services.feedback.application.mapping import feedback_requested, request_id_for
from services.feedback.application.timers import FeedbackTimers
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy, Role
from services.feedback.domain.pairs import Pair
from services.feedback.domain.requests import (
    HeldSession,
    RequestTiming,
    attendees,
    open_request,
)
from shared.clock import FixedClock
from shared.events import FeedbackRequested, PairAtRisk
from shared.messaging.publisher import RecordingPublisher
from shared.storage.outbox import Outbox

pytestmark = pytest.mark.integration

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


class CountingObserver:
    """A hand-written FeedbackObserver that only counts."""

    def __init__(self) -> None:
        self.nudges = 0

    def feedback_requested(self, program_id: str, *, nudge: bool) -> None:
        self.nudges += int(nudge)

    def feedback_held(self, program_id: str) -> None:
        pass

    def feedback_submitted(self, program_id: str, role: Role, request: FeedbackRequest) -> None:
        pass

    def feedback_edited(self, program_id: str) -> None:
        pass

    def health_changed(self, program_id: str, kind: str) -> None:
        pass

    def pairs_at_risk(self, counts: dict[str, int]) -> None:
        pass


class Instance:
    """One service instance's timers: its own publisher, the shared database and clock."""

    def __init__(self, db: AsyncDatabase[Any], clock: FixedClock) -> None:
        self.published = RecordingPublisher()
        outbox = Outbox(self.published)
        self.requests = MongoRequestStore(db, outbox)
        self.pairs = MongoPairStore(db, outbox)
        self.observer = CountingObserver()
        monitor = PairHealthMonitor(
            pairs=self.pairs,
            sessions=MongoSessionStore(db),
            requests=self.requests,
            programs=MongoProgramStore(db),
            observer=self.observer,
            clock=clock,
        )
        self.timers = FeedbackTimers(
            requests=self.requests,
            pairs=self.pairs,
            monitor=monitor,
            observer=self.observer,
            clock=clock,
            batch=50,
        )


async def open_requests(instance: Instance, sessions: int) -> list[str]:
    policy = ProgramPolicy("prog-t", feedback_deadline_days=2)
    ids = []
    for index in range(sessions):
        session = HeldSession(
            session_id=f"s-{index}",
            pair_id=f"pair-{index}",
            program_id="prog-t",
            junior_id=f"j-{index}",
            senior_id=f"s-{index}",
            start=START - timedelta(hours=1),
            completed_at=START,
        )
        requests = [
            open_request(
                session,
                person,
                role,
                request_id=request_id_for(session.session_id, person),
                policy=policy,
                timing=RequestTiming(),
            )
            for person, role in attendees(session)
        ]
        events = [
            feedback_requested(r, now=START, correlation_id=uuid.uuid4(), causation_id=None)
            for r in requests
        ]
        ids += await instance.requests.open(requests, events)
    return ids


async def test_two_instances_nudge_each_overdue_request_exactly_once(
    db: AsyncDatabase[Any],
) -> None:
    clock = FixedClock(START)
    first, second = Instance(db, clock), Instance(db, clock)
    request_ids = await open_requests(first, sessions=10)
    clock.advance(timedelta(days=2, minutes=1))

    await asyncio.gather(first.timers.nudge_overdue(), second.timers.nudge_overdue())
    await asyncio.gather(first.timers.nudge_overdue(), second.timers.nudge_overdue())

    nudges = [
        e
        for instance in (first, second)
        for e in instance.published.events
        if isinstance(e, FeedbackRequested) and e.is_nudge
    ]
    assert sorted(e.request_id for e in nudges) == sorted(request_ids)
    assert first.observer.nudges + second.observer.nudges == len(request_ids)


async def test_two_instances_warn_about_an_inactive_pair_once(db: AsyncDatabase[Any]) -> None:
    clock = FixedClock(START)
    first, second = Instance(db, clock), Instance(db, clock)
    pair = Pair("pair-quiet", "prog-t", "j-quiet", "s-quiet", paired_at=START)
    await first.pairs.record_created(pair, correlation_id=str(uuid.uuid4()), next_check=START)
    clock.advance(timedelta(days=70))  # five cadences without a single session

    for _ in range(3):
        await asyncio.gather(first.timers.recheck_health(), second.timers.recheck_health())
        clock.advance(timedelta(days=1, minutes=1))

    warnings = [
        e
        for instance in (first, second)
        for e in instance.published.events
        if isinstance(e, PairAtRisk)
    ]
    assert len(warnings) == 1
    assert warnings[0].reasons == ["inactive"]
    stored = await first.pairs.get("pair-quiet")
    assert stored is not None
    assert stored.health.state.at_risk
