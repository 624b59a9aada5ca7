"""Series in MongoDB: one document per pair, holding its sessions and its unpublished events.

Keeping a pair's sessions in one document means planning a whole series is a single write,
and every change is saved together with the events it implies (the `_outbox` field) under an
optimistic version check — no multi-document transactions needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.scheduling.domain.model import (
    Attendance,
    MatchNote,
    RecurrencePattern,
    Series,
    SeriesStatus,
    Session,
    SessionStatus,
)
from shared.events import Event
from shared.storage.mongo import CollectionSpec, Document
from shared.storage.outbox import Outbox, outbox_entries, pull_outbox, push_outbox

SERIES = "series"

SERIES_SPEC = CollectionSpec(
    SERIES,
    [
        IndexModel([("sessions.session_id", ASCENDING)], name="by_session"),
        IndexModel([("participants", ASCENDING), ("status", ASCENDING)], name="by_participant"),
        IndexModel([("program_id", ASCENDING), ("status", ASCENDING)], name="by_program"),
        IndexModel([("timers_dirty", ASCENDING)], name="timers_dirty", sparse=True),
        # The outbox relay looks for entries older than its grace period; without this it
        # would read every series on each pass.
        IndexModel([("_outbox.at", ASCENDING)], name="outbox_pending", sparse=True),
    ],
)


class MongoSeriesStore:
    def __init__(self, collection: AsyncCollection[Document], outbox: Outbox) -> None:
        self._series = collection
        self._outbox = outbox

    async def get(self, pair_id: str) -> Series | None:
        doc = await self._series.find_one({"_id": pair_id}, {"_outbox": 0})
        return series_from_document(doc) if doc is not None else None

    async def get_by_session(self, session_id: str) -> Series | None:
        doc = await self._series.find_one({"sessions.session_id": session_id}, {"_outbox": 0})
        return series_from_document(doc) if doc is not None else None

    async def involving(
        self,
        participant_id: str,
        statuses: Sequence[SeriesStatus],
        program_id: str | None = None,
    ) -> list[Series]:
        query: dict[str, Any] = {
            "participants": participant_id,
            "status": {"$in": [s.value for s in statuses]},
        }
        if program_id is not None:
            query["program_id"] = program_id
        return [series_from_document(d) async for d in self._series.find(query, {"_outbox": 0})]

    async def in_program(self, program_id: str, statuses: Sequence[SeriesStatus]) -> list[Series]:
        query = {"program_id": program_id, "status": {"$in": [s.value for s in statuses]}}
        return [series_from_document(d) async for d in self._series.find(query, {"_outbox": 0})]

    async def busy_of(
        self, participant_ids: Sequence[str], *, after: datetime, excluding_pair: str
    ) -> list[tuple[datetime, datetime]]:
        cursor = self._series.find(
            {
                "participants": {"$in": list(participant_ids)},
                "status": SeriesStatus.PLANNED.value,
                "_id": {"$ne": excluding_pair},
            },
            {"sessions.start": 1, "sessions.end": 1, "sessions.status": 1},
        )
        return [
            (s["start"], s["end"])
            async for doc in cursor
            for s in doc.get("sessions", [])
            if s["status"] == SessionStatus.SCHEDULED.value and s["end"] > after
        ]

    async def save(self, series: Series, events: Sequence[Event]) -> bool:
        state = series_to_document(series)
        if series.version == 0:
            try:
                await self._series.insert_one(
                    {
                        "_id": series.pair_id,
                        **state,
                        "version": 1,
                        "timers_dirty": True,
                        "_outbox": outbox_entries(events),
                    }
                )
            except DuplicateKeyError:
                return False
        else:
            update: dict[str, Any] = {
                "$set": {**state, "version": series.version + 1, "timers_dirty": True}
            }
            if events:
                update.update(push_outbox(events))
            result = await self._series.update_one(
                {"_id": series.pair_id, "version": series.version}, update
            )
            if result.matched_count == 0:
                return False
        series.version += 1
        return True

    async def publish(self, pair_id: str, events: Sequence[Event], *, clear: bool = True) -> None:
        if clear:
            await self._outbox.flush(self._series, pair_id, events)
        else:
            await self._outbox.publish(events)

    async def needing_timer_sync(self, limit: int) -> list[Series]:
        cursor = self._series.find({"timers_dirty": True}, {"_outbox": 0}).limit(limit)
        return [series_from_document(d) async for d in cursor]

    async def timers_synced(
        self, pair_id: str, version: int, published: Sequence[Event] = ()
    ) -> None:
        update: dict[str, Any] = {"$unset": {"timers_dirty": ""}}
        if published:
            update.update(pull_outbox(published))
        result = await self._series.update_one({"_id": pair_id, "version": version}, update)
        if published and result.matched_count == 0:
            # Changed meanwhile: its timers are someone else's to sync, the events still ours.
            await self._series.update_one({"_id": pair_id}, pull_outbox(published))


def series_to_document(series: Series) -> Document:
    return {
        "program_id": series.program_id,
        "junior_id": series.junior_id,
        "senior_id": series.senior_id,
        "participants": list(series.participants),
        "correlation_id": str(series.correlation_id),
        "pair_created_at": series.pair_created_at,
        "status": series.status.value,
        "waiting_since": series.waiting_since,
        "waiting_for": list(series.waiting_for),
        "unschedulable_reason": series.unschedulable_reason,
        "reminder_offsets_minutes": list(series.reminder_offsets_minutes),
        "missed_after_hours": series.missed_after_hours,
        "sessions": [_session_to_document(s) for s in series.sessions],
        "pattern": _pattern_to_document(series.pattern),
        "reasons": [{"code": r.code, "text": r.text, "points": r.points} for r in series.reasons],
    }


def _pattern_to_document(pattern: RecurrencePattern | None) -> Document | None:
    if pattern is None:
        return None
    return {
        "zone": pattern.zone,
        "first_start": pattern.first_start,
        "cadence_days": pattern.cadence_days,
        "count": pattern.count,
        "session_minutes": pattern.session_minutes,
    }


def _pattern_from_document(doc: Document | None) -> RecurrencePattern | None:
    if not doc:
        return None
    return RecurrencePattern(
        zone=doc["zone"],
        first_start=doc["first_start"],
        cadence_days=int(doc["cadence_days"]),
        count=int(doc["count"]),
        session_minutes=int(doc["session_minutes"]),
    )


def series_from_document(doc: Document) -> Series:
    return Series(
        pair_id=doc["_id"],
        program_id=doc["program_id"],
        junior_id=doc["junior_id"],
        senior_id=doc["senior_id"],
        correlation_id=UUID(doc["correlation_id"]),
        pair_created_at=doc["pair_created_at"],
        status=SeriesStatus(doc["status"]),
        sessions=[_session_from_document(s) for s in doc.get("sessions", [])],
        version=int(doc["version"]),
        waiting_since=doc.get("waiting_since"),
        waiting_for=tuple(doc.get("waiting_for", ())),
        unschedulable_reason=doc.get("unschedulable_reason"),
        reminder_offsets_minutes=tuple(doc.get("reminder_offsets_minutes", (1440, 60))),
        missed_after_hours=int(doc.get("missed_after_hours", 12)),
        pattern=_pattern_from_document(doc.get("pattern")),
        reasons=tuple(
            MatchNote(code=r["code"], text=r["text"], points=float(r["points"]))
            for r in doc.get("reasons", ())
        ),
    )


def _session_to_document(session: Session) -> Document:
    attendance = session.attendance
    return {
        "session_id": session.session_id,
        "index": session.index,
        "start": session.start,
        "end": session.end,
        "status": session.status.value,
        "sequence": session.sequence,
        "updated_at": session.updated_at,
        "cancel_reason": session.cancel_reason,
        "occurrence": session.occurrence,
        "attendance": (
            {
                "attended_junior": attendance.attended_junior,
                "attended_senior": attendance.attended_senior,
                "minutes": attendance.minutes,
                "notes_taken": attendance.notes_taken,
            }
            if attendance is not None
            else None
        ),
    }


def _session_from_document(doc: Document) -> Session:
    attendance = doc.get("attendance")
    return Session(
        session_id=doc["session_id"],
        index=int(doc["index"]),
        start=doc["start"],
        end=doc["end"],
        status=SessionStatus(doc["status"]),
        sequence=int(doc.get("sequence", 0)),
        updated_at=doc.get("updated_at"),
        cancel_reason=doc.get("cancel_reason"),
        attendance=Attendance(**attendance) if attendance else None,
        occurrence=doc.get("occurrence"),
    )
