"""Feedback requests and their answers in MongoDB (private notes live elsewhere)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.feedback.adapters.mongo_collections import REQUESTS
from services.feedback.domain.insights import AnswerRow
from services.feedback.domain.model import (
    Answer,
    FeedbackRequest,
    ProgramPolicy,
    Ratings,
    Role,
)
from shared.events import Event
from shared.storage.mongo import Document, duplicate_key_indexes
from shared.storage.outbox import OUTBOX_FIELD, Outbox, outbox_entries, push_outbox


def _answer_doc(answer: Answer) -> Document:
    return {
        "value": answer.ratings.value,
        "preparation": answer.ratings.preparation,
        "psychological_safety": answer.ratings.psychological_safety,
        "topics_learned": list(answer.topics_learned),
        "topics_taught": list(answer.topics_taught),
        "would_continue": answer.would_continue,
    }


def _answer(doc: Document | None) -> Answer | None:
    if not doc:
        return None
    return Answer(
        ratings=Ratings(
            value=doc["value"],
            preparation=doc["preparation"],
            psychological_safety=doc.get("psychological_safety"),
        ),
        topics_learned=tuple(doc.get("topics_learned", ())),
        topics_taught=tuple(doc.get("topics_taught", ())),
        would_continue=bool(doc.get("would_continue", True)),
    )


def _request(doc: Document) -> FeedbackRequest:
    return FeedbackRequest(
        request_id=doc["_id"],
        program_id=doc["program_id"],
        pair_id=doc["pair_id"],
        session_id=doc["session_id"],
        participant_id=doc["participant_id"],
        role=doc["role"],
        session_start=doc["session_start"],
        requested_at=doc["requested_at"],
        due_at=doc["due_at"],
        closes_at=doc["closes_at"],
        status=doc["status"],
        answer=_answer(doc.get("answer")),
        revision=int(doc.get("revision", 0)),
        first_submitted_at=doc.get("first_submitted_at"),
        nudged=doc.get("nudged_at") is not None,
    )


def _new_doc(request: FeedbackRequest, event: Event) -> Document:
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
        # Present only while a nudge is still owed; the sparse index keeps the timer's scan
        # to the requests that are actually due.
        "nudge_at": request.due_at,
        "correlation_id": str(event.correlation_id),
        OUTBOX_FIELD: outbox_entries([event]),
    }


_NO_OUTBOX = {OUTBOX_FIELD: 0}


class MongoRequestStore:
    def __init__(self, db: AsyncDatabase[Document], outbox: Outbox) -> None:
        self._requests = db[REQUESTS]
        self._outbox = outbox

    async def open(self, requests: Sequence[FeedbackRequest], events: Sequence[Event]) -> list[str]:
        """One insert for all, one publish batch and one update for those that were new."""
        if not requests:
            return []
        ids = [request.request_id for request in requests]
        try:
            await self._requests.insert_many(
                [_new_doc(r, e) for r, e in zip(requests, events, strict=True)], ordered=False
            )
            created = set(ids)
        except BulkWriteError as error:
            # Asked already: a pending event of those is the relay's to publish.
            created = set(ids) - {ids[i] for i in duplicate_key_indexes(error)}
        fresh = [
            (r.request_id, e)
            for r, e in zip(requests, events, strict=True)
            if r.request_id in created
        ]
        await self._outbox.flush_many(
            self._requests, [rid for rid, _ in fresh], [e for _, e in fresh]
        )
        return [rid for rid in ids if rid in created]

    async def get(self, request_id: str) -> FeedbackRequest | None:
        doc = await self._requests.find_one({"_id": request_id}, _NO_OUTBOX)
        return _request(doc) if doc is not None else None

    async def save_answer(
        self, before: FeedbackRequest, after: FeedbackRequest, events: Sequence[Event]
    ) -> bool:
        if after.answer is None:
            raise ValueError("an answer is required")
        update: dict[str, Any] = {
            "$set": {
                "status": after.status,
                "answer": _answer_doc(after.answer),
                "revision": after.revision,
                "first_submitted_at": after.first_submitted_at,
            },
            "$unset": {"nudge_at": ""},
        }
        if events:
            update.update(push_outbox(events))
        result = await self._requests.update_one(
            {"_id": before.request_id, "revision": before.revision, "status": before.status},
            update,
        )
        if result.matched_count == 0:
            return False
        await self._outbox.flush(self._requests, before.request_id, events)
        return True

    async def of_participant(self, participant_id: str, limit: int) -> list[FeedbackRequest]:
        cursor = (
            self._requests.find({"participant_id": participant_id}, _NO_OUTBOX)
            .sort("session_start", DESCENDING)
            .limit(limit)
        )
        return [_request(doc) async for doc in cursor]

    async def of_pair(self, pair_id: str, limit: int) -> list[FeedbackRequest]:
        cursor = (
            self._requests.find({"pair_id": pair_id}, _NO_OUTBOX)
            .sort("session_start", DESCENDING)
            .limit(limit)
        )
        return [_request(doc) async for doc in cursor]

    async def due_nudges(self, now: datetime, limit: int) -> list[FeedbackRequest]:
        cursor = self._requests.find({"nudge_at": {"$lte": now}}, _NO_OUTBOX).limit(limit)
        return [_request(doc) async for doc in cursor]

    async def claim_nudge(self, request: FeedbackRequest, event: Event) -> bool:
        update: dict[str, Any] = {
            "$unset": {"nudge_at": ""},
            "$set": {"nudged_at": event.occurred_at},
            **push_outbox([event]),
        }
        result = await self._requests.update_one(
            {"_id": request.request_id, "nudge_at": {"$exists": True}, "status": "open"}, update
        )
        if result.modified_count == 0:
            return False
        await self._outbox.flush(self._requests, request.request_id, [event])
        return True

    async def correlation_of(self, request_id: str) -> str | None:
        doc = await self._requests.find_one({"_id": request_id}, {"correlation_id": 1})
        return doc.get("correlation_id") if doc is not None else None

    async def answer_rows(self, programs: Sequence[ProgramPolicy], limit: int) -> list[AnswerRow]:
        cohorts = {p.program_id: p.cohort for p in programs}
        cursor = self._requests.find(
            {"program_id": {"$in": list(cohorts)}, "status": "answered"},
            {"participant_id": 1, "role": 1, "program_id": 1, "answer": 1},
        ).limit(limit)
        rows: list[AnswerRow] = []
        async for doc in cursor:
            answer = doc.get("answer") or {}
            rows.append(
                AnswerRow(
                    respondent=doc["participant_id"],
                    role=doc["role"],
                    program_id=doc["program_id"],
                    cohort=cohorts[doc["program_id"]],
                    value=answer["value"],
                    preparation=answer["preparation"],
                    psychological_safety=answer.get("psychological_safety"),
                    would_continue=bool(answer.get("would_continue", True)),
                    topics_learned=tuple(answer.get("topics_learned", ())),
                    topics_taught=tuple(answer.get("topics_taught", ())),
                )
            )
        return rows

    async def counts(self, program_ids: Sequence[str]) -> dict[str, dict[Role, tuple[int, int]]]:
        pipeline: list[Document] = [
            {
                "$match": {
                    "program_id": {"$in": list(program_ids)},
                    "status": {"$in": ["open", "answered"]},
                }
            },
            {
                "$group": {
                    "_id": {"program": "$program_id", "role": "$role", "status": "$status"},
                    "n": {"$sum": 1},
                }
            },
        ]
        found: dict[str, dict[Role, list[int]]] = {}
        async for doc in await self._requests.aggregate(pipeline):
            key = doc["_id"]
            entry = found.setdefault(key["program"], {}).setdefault(key["role"], [0, 0])
            entry[0] += int(doc["n"])
            if key["status"] == "answered":
                entry[1] += int(doc["n"])
        return {
            program: {role: (asked, answered) for role, (asked, answered) in roles.items()}
            for program, roles in found.items()
        }

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        await self._requests.update_many(
            {"participant_id": participant_id, "status": "open"},
            {"$set": {"status": "withdrawn"}, "$unset": {"nudge_at": ""}},
        )
        await self._requests.update_many(
            {"participant_id": participant_id},
            {"$set": {"participant_id": token, "erased": True}},
        )
