"""Composition root of the feedback service: settings, stores, handlers, subscribers, API."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from services.feedback.adapters.mongo_collections import COLLECTIONS, OUTBOX_COLLECTIONS
from services.feedback.adapters.mongo_lists import FeedbackLists
from services.feedback.adapters.mongo_pairs import MongoPairStore
from services.feedback.adapters.mongo_private import (
    MongoErasureLog,
    MongoNoteStore,
    MongoSelfAssessmentStore,
)
from services.feedback.adapters.mongo_programs import MongoParticipantStore, MongoProgramStore
from services.feedback.adapters.mongo_requests import MongoRequestStore
from services.feedback.adapters.mongo_sessions import MongoSessionStore
from services.feedback.adapters.prometheus_telemetry import PrometheusFeedbackObserver
from services.feedback.application.activity import PairActivity
from services.feedback.application.erasure import ParticipantEraser
from services.feedback.application.health import HealthSchedule, PairHealthMonitor
from services.feedback.application.insights import InsightsQueries
from services.feedback.application.programs import ProgramCatalog
from services.feedback.application.self_assessment import SelfAssessments
from services.feedback.application.submissions import FeedbackSubmissions
from services.feedback.application.timers import FeedbackTimers
from services.feedback.domain.requests import RequestTiming
from services.feedback.entrypoints.api import STATE_NAME, FeedbackApi, router
from services.feedback.entrypoints.subscribers import register_subscribers
from services.feedback.settings import FeedbackSettings
from shared.clock import Clock
from shared.runtime import build_app, build_runtime


def create_app(settings: FeedbackSettings | None = None, clock: Clock | None = None) -> Any:
    settings = settings or FeedbackSettings()
    runtime = build_runtime(
        settings, collections=COLLECTIONS, outbox_collections=OUTBOX_COLLECTIONS, clock=clock
    )
    db, outbox, clock = runtime.db, runtime.outbox, runtime.clock
    programs = MongoProgramStore(db)
    participants = MongoParticipantStore(db)
    pairs = MongoPairStore(db, outbox)
    sessions = MongoSessionStore(db)
    requests = MongoRequestStore(db, outbox)
    notes = MongoNoteStore(db)
    self_assessments = MongoSelfAssessmentStore(db)
    erasures = MongoErasureLog(db)
    observer = PrometheusFeedbackObserver(runtime.metrics)
    timing = RequestTiming(
        late_submission=timedelta(days=settings.late_submission_days),
        edit_window=timedelta(hours=settings.edit_window_hours),
    )
    monitor = PairHealthMonitor(
        pairs=pairs,
        sessions=sessions,
        requests=requests,
        programs=programs,
        observer=observer,
        clock=clock,
        schedule=HealthSchedule(recheck_every=timedelta(hours=settings.health_recheck_hours)),
    )
    activity = PairActivity(
        pairs=pairs,
        sessions=sessions,
        requests=requests,
        programs=programs,
        erasures=erasures,
        monitor=monitor,
        observer=observer,
        clock=clock,
        timing=timing,
    )
    register_subscribers(
        runtime,
        catalog=ProgramCatalog(programs=programs, participants=participants),
        activity=activity,
        eraser=ParticipantEraser(
            erasures=erasures,
            requests=requests,
            notes=notes,
            pairs=pairs,
            assessments=self_assessments,
            participants=participants,
        ),
    )
    timers = FeedbackTimers(
        requests=requests,
        pairs=pairs,
        monitor=monitor,
        observer=observer,
        clock=clock,
        batch=settings.timer_batch,
    )

    async def feedback_timers() -> None:
        await timers.sweep()
        await asyncio.sleep(settings.timer_interval_seconds)

    runtime.background.append(feedback_timers)
    api = FeedbackApi(
        submissions=FeedbackSubmissions(
            requests=requests,
            notes=notes,
            programs=programs,
            monitor=monitor,
            observer=observer,
            clock=clock,
            timing=timing,
        ),
        insights=InsightsQueries(
            programs=programs,
            requests=requests,
            sessions=sessions,
            pairs=pairs,
            assessments=self_assessments,
            max_rows=settings.insights_max_rows,
        ),
        assessments=SelfAssessments(
            assessments=self_assessments,
            participants=participants,
            programs=programs,
            erasures=erasures,
            clock=clock,
        ),
        lists=FeedbackLists(db),
        timing=timing,
        list_limit=settings.list_limit,
    )
    return build_app(
        runtime,
        title="Twoway feedback",
        description=(
            "Feedback requests and answers, pair health with early warning, and two-way "
            "program insights with small groups suppressed."
        ),
        routers=[router],
        state={STATE_NAME: api},
    )
