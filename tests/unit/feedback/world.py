"""Every feedback handler wired on the fakes, sharing one clock and one record of what the
stores published (what their outboxes would send)."""

from __future__ import annotations

from datetime import datetime

from services.feedback.application.activity import PairActivity
from services.feedback.application.erasure import ParticipantEraser
from services.feedback.application.health import PairHealthMonitor
from services.feedback.application.programs import ProgramCatalog
from services.feedback.application.self_assessment import SelfAssessments
from services.feedback.application.submissions import FeedbackSubmissions
from services.feedback.application.timers import FeedbackTimers
from services.feedback.domain.requests import RequestTiming
from shared.clock import FixedClock
from shared.events import Event
from tests.unit.feedback.fake_people import (
    FakeErasureLog,
    FakeObserver,
    FakeParticipantStore,
    FakeProgramStore,
    FakeSelfAssessmentStore,
)
from tests.unit.feedback.fakes import (
    FakeNoteStore,
    FakePairStore,
    FakeRequestStore,
    FakeSessionStore,
)


class FeedbackWorld:
    """Every feedback handler on fakes, sharing one clock and one record of published events."""

    def __init__(self, now: datetime, timing: RequestTiming = RequestTiming()) -> None:
        self.clock = FixedClock(now)
        self.published: list[Event] = []
        self.programs = FakeProgramStore()
        self.participants = FakeParticipantStore()
        self.pairs = FakePairStore(self.published)
        self.sessions = FakeSessionStore()
        self.requests = FakeRequestStore(self.published)
        self.notes = FakeNoteStore()
        self.assessments = FakeSelfAssessmentStore()
        self.erasures = FakeErasureLog()
        self.observer = FakeObserver()
        self.monitor = PairHealthMonitor(
            pairs=self.pairs,
            sessions=self.sessions,
            requests=self.requests,
            programs=self.programs,
            observer=self.observer,
            clock=self.clock,
        )
        self.activity = PairActivity(
            pairs=self.pairs,
            sessions=self.sessions,
            requests=self.requests,
            programs=self.programs,
            erasures=self.erasures,
            monitor=self.monitor,
            observer=self.observer,
            clock=self.clock,
            timing=timing,
        )
        self.submissions = FeedbackSubmissions(
            requests=self.requests,
            notes=self.notes,
            programs=self.programs,
            monitor=self.monitor,
            observer=self.observer,
            clock=self.clock,
            timing=timing,
        )
        self.timers = FeedbackTimers(
            requests=self.requests,
            pairs=self.pairs,
            monitor=self.monitor,
            observer=self.observer,
            clock=self.clock,
        )
        self.catalog = ProgramCatalog(programs=self.programs, participants=self.participants)
        self.eraser = ParticipantEraser(
            erasures=self.erasures,
            requests=self.requests,
            notes=self.notes,
            pairs=self.pairs,
            assessments=self.assessments,
            participants=self.participants,
        )
        self.self_assessments = SelfAssessments(
            assessments=self.assessments,
            participants=self.participants,
            programs=self.programs,
            erasures=self.erasures,
            clock=self.clock,
        )

    def of_type(self, event_type: str) -> list[Event]:
        return [e for e in self.published if e.event_type == event_type]
