"""SessionCompleted -> session record, pair activity, two requests and their events, health."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import UpdateOne

from bench.pipeline.bare import Db, Publisher
from services.feedback.adapters.mongo_collections import (
    COLLECTIONS,
    ERASURES,
    PAIRS,
    REQUESTS,
    SESSIONS,
)
from services.feedback.adapters.mongo_programs import MongoProgramStore
from services.feedback.application.mapping import feedback_requested, request_id_for
from services.feedback.domain.health import AskedRequest, HealthSignals, SessionOutcome, assess
from services.feedback.domain.model import FeedbackRequest, ProgramPolicy
from services.feedback.domain.requests import HeldSession, RequestTiming, attendees, open_request
from shared.events import Event, SessionCompleted, decode_event
from shared.storage.mongo import Document

RECHECK = timedelta(hours=24)


class FeedbackRequests:
    collections = COLLECTIONS

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._sessions, self._pairs = db[SESSIONS], db[PAIRS]
        self._requests, self._erasures = db[REQUESTS], db[ERASURES]
        self._programs = MongoProgramStore(db)
        self._publisher = publisher

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            if isinstance(event, SessionCompleted):
                await self._completed(event)

    async def handle_batch(self, values: Sequence[bytes]) -> None:
        """The whole batch: one bulk write per collection, shared reads once, every pair's
        health assessed from two queries for all of them."""
        done = [e for e in map(decode_event, values) if isinstance(e, SessionCompleted)]
        if not done:
            return
        now = datetime.now(UTC)
        await self._sessions.bulk_write(
            [UpdateOne(*_session_write(e), upsert=True) for e in done], ordered=False
        )
        people = sorted({p for e in done for p in (e.junior_id, e.senior_id)})
        erased = {d["_id"] async for d in self._erasures.find({"_id": {"$in": people}}, {"_id": 1})}
        await self._pairs.bulk_write(
            [UpdateOne(*_pair_write(e, now), upsert=True) for e in done], ordered=False
        )
        policies = {
            p: await self._programs.policy(p) or ProgramPolicy(p)
            for p in {e.program_id for e in done}
        }
        requests, events = [], []
        for event in done:
            asked, announced = _requests_for(event, policies[event.program_id], erased, now)
            requests += asked
            events += announced
        docs = [_request_doc(r, e) for r, e in zip(requests, events, strict=True)]
        await self._requests.insert_many(docs, ordered=False)
        await self._publisher.publish(events)
        await self._assess_many({e.pair_id: policies[e.program_id] for e in done}, now)

    async def _assess_many(self, pairs: dict[str, ProgramPolicy], now: datetime) -> None:
        ids = list(pairs)
        found = {d["_id"]: d async for d in self._pairs.find({"_id": {"$in": ids}})}
        decided = {"pair_id": {"$in": ids}, "status": {"$in": ["completed", "missed"]}}
        sessions: dict[str, list[Document]] = {}
        async for doc in self._sessions.find(decided).sort("start", -1):
            sessions.setdefault(doc["pair_id"], []).append(doc)
        requests: dict[str, list[Document]] = {}
        async for doc in self._requests.find({"pair_id": {"$in": ids}}).sort("session_start", -1):
            requests.setdefault(doc["pair_id"], []).append(doc)
        updates = []
        for pair_id, policy in pairs.items():
            pair = found[pair_id]
            assessment = assess(
                HealthSignals(
                    paired_at=pair.get("paired_at"),
                    last_session_at=pair.get("last_session_at"),
                    sessions=tuple(
                        SessionOutcome(s["start"], 1.0) for s in sessions.get(pair_id, [])[:6]
                    ),
                    requests=tuple(
                        AskedRequest(r["due_at"], False) for r in requests.get(pair_id, [])[:12]
                    ),
                ),
                now=now,
                cadence_days=policy.cadence_days,
            )
            updates.append(UpdateOne({"_id": pair_id}, _health_write(assessment, now)))
        await self._pairs.bulk_write(updates, ordered=False)

    async def _completed(self, event: SessionCompleted) -> None:
        now = datetime.now(UTC)
        people = [event.junior_id, event.senior_id]
        await self._sessions.update_one(*_session_write(event), upsert=True)
        cursor = self._erasures.find({"_id": {"$in": people}}, {"_id": 1})
        erased = {doc["_id"] async for doc in cursor}
        await self._pairs.update_one(*_pair_write(event, now), upsert=True)
        policy = await self._programs.policy(event.program_id) or ProgramPolicy(event.program_id)
        requests, events = _requests_for(event, policy, erased, now)
        docs = [_request_doc(r, e) for r, e in zip(requests, events, strict=True)]
        await self._requests.insert_many(docs, ordered=False)
        await self._publisher.publish(events)
        await self._assess(event.pair_id, policy, now)

    async def _assess(self, pair_id: str, policy: ProgramPolicy, now: datetime) -> None:
        pair = await self._pairs.find_one({"_id": pair_id})
        assert pair is not None
        decided = {"pair_id": pair_id, "status": {"$in": ["completed", "missed"]}}
        sessions = await self._sessions.find(decided).sort("start", -1).limit(6).to_list(None)
        asked = self._requests.find({"pair_id": pair_id}).sort("session_start", -1).limit(12)
        requests = await asked.to_list(None)
        assessment = assess(
            HealthSignals(
                paired_at=pair.get("paired_at"),
                last_session_at=pair.get("last_session_at"),
                sessions=tuple(SessionOutcome(s["start"], 1.0) for s in sessions),
                requests=tuple(AskedRequest(r["due_at"], False) for r in requests),
            ),
            now=now,
            cadence_days=policy.cadence_days,
        )
        await self._pairs.update_one({"_id": pair_id}, _health_write(assessment, now))


Write = tuple[dict[str, Any], dict[str, Any]]


def _session_write(event: SessionCompleted) -> Write:
    return (
        {"_id": event.session_id},
        {
            "$set": {
                "pair_id": event.pair_id,
                "program_id": event.program_id,
                "start": event.start,
                "status": "completed",
                "attended_junior": event.attended_junior,
                "attended_senior": event.attended_senior,
            }
        },
    )


def _pair_write(event: SessionCompleted, now: datetime) -> Write:
    return (
        {"_id": event.pair_id},
        {
            "$setOnInsert": {
                "program_id": event.program_id,
                "junior_id": event.junior_id,
                "senior_id": event.senior_id,
                "version": 0,
                "status": "active",
                "correlation_id": str(event.correlation_id),
                "health_check_at": now + RECHECK,
            },
            "$max": {"last_session_at": event.start},
        },
    )


def _requests_for(
    event: SessionCompleted, policy: ProgramPolicy, erased: set[str], now: datetime
) -> tuple[list[FeedbackRequest], list[Event]]:
    held = HeldSession(
        event.session_id,
        event.pair_id,
        event.program_id,
        event.junior_id,
        event.senior_id,
        event.start,
        event.occurred_at,
    )
    requests = [
        open_request(
            held,
            pid,
            role,
            request_id=request_id_for(event.session_id, pid),
            policy=policy,
            timing=RequestTiming(),
        )
        for pid, role in attendees(held)
        if pid not in erased
    ]
    events: list[Event] = [
        feedback_requested(
            r, now=now, correlation_id=event.correlation_id, causation_id=event.event_id
        )
        for r in requests
    ]
    return requests, events


def _health_write(assessment: Any, now: datetime) -> dict[str, Any]:
    return {
        "$set": {
            "health.score": assessment.score,
            "health.components": assessment.components,
            "health.evaluated_at": now,
            "health_check_at": now + RECHECK,
        },
        "$inc": {"version": 1},
    }


def _request_doc(request: FeedbackRequest, event: Event) -> Document:
    return {
        "_id": request.request_id,
        "program_id": request.program_id,
        "pair_id": request.pair_id,
        "session_id": request.session_id,
        "participant_id": request.participant_id,
        "role": request.role,
        "session_start": request.session_start,
        "requested_at": request.requested_at,
        "due_at": request.due_at,
        "closes_at": request.closes_at,
        "status": request.status,
        "revision": 0,
        "nudge_at": request.due_at,
        "correlation_id": str(event.correlation_id),
    }
