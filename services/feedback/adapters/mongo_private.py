"""Personal data kept apart: private notes, self-assessments and the erasure log."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.feedback.adapters.mongo_collections import ERASURES, NOTES, SELF_ASSESSMENTS
from services.feedback.domain.insights import AssessmentRow
from services.feedback.domain.model import SelfAssessment, SkillLevel
from shared.storage.mongo import Document


class MongoNoteStore:
    """One note per request, readable by its author only (every read names the author)."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._notes = db[NOTES]

    async def save(self, request_id: str, author_id: str, text: str, now: datetime) -> None:
        await self._notes.update_one(
            {"_id": request_id},
            {"$set": {"author_id": author_id, "text": text, "updated_at": now}},
            upsert=True,
        )

    async def delete(self, request_id: str, author_id: str) -> None:
        await self._notes.delete_one({"_id": request_id, "author_id": author_id})

    async def read(self, request_id: str, author_id: str) -> str | None:
        doc = await self._notes.find_one({"_id": request_id, "author_id": author_id})
        return doc["text"] if doc is not None else None

    async def erase_author(self, participant_id: str) -> None:
        await self._notes.delete_many({"author_id": participant_id})


class MongoSelfAssessmentStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._assessments = db[SELF_ASSESSMENTS]

    async def save(self, assessment: SelfAssessment) -> None:
        await self._assessments.update_one(
            {
                "program_id": assessment.program_id,
                "participant_id": assessment.participant_id,
                "phase": assessment.phase,
            },
            {
                "$set": {
                    "role": assessment.role,
                    "levels": [{"skill": s.skill, "level": s.level} for s in assessment.levels],
                    "submitted_at": assessment.submitted_at,
                }
            },
            upsert=True,
        )

    async def of_participant(self, program_id: str, participant_id: str) -> list[SelfAssessment]:
        cursor = self._assessments.find(
            {"program_id": program_id, "participant_id": participant_id}
        )
        return [
            SelfAssessment(
                program_id=doc["program_id"],
                participant_id=doc["participant_id"],
                role=doc["role"],
                phase=doc["phase"],
                levels=tuple(SkillLevel(lv["skill"], lv["level"]) for lv in doc.get("levels", ())),
                submitted_at=doc.get("submitted_at"),
            )
            async for doc in cursor
        ]

    async def rows(self, program_ids: Sequence[str], limit: int) -> list[AssessmentRow]:
        cursor = self._assessments.find(
            {"program_id": {"$in": list(program_ids)}},
            {"participant_id": 1, "role": 1, "phase": 1, "levels": 1},
        ).limit(limit)
        return [
            AssessmentRow(
                respondent=doc["participant_id"],
                role=doc["role"],
                phase=doc["phase"],
                skill=level["skill"],
                level=level["level"],
            )
            async for doc in cursor
            for level in doc.get("levels", ())
        ]

    async def pseudonymise(self, participant_id: str, token: str) -> None:
        await self._assessments.update_many(
            {"participant_id": participant_id}, {"$set": {"participant_id": token}}
        )


def _fingerprint(participant_id: str) -> str:
    return hashlib.sha256(f"twoway-feedback-erased|{participant_id}".encode()).hexdigest()


class MongoErasureLog:
    """Who was erased, by fingerprint only, so late events about them are not stored again.

    The anonymous token lives here only while an erasure is in progress (a retry must reuse
    it); once done it is dropped, and nothing links the token back to the person.
    """

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._erasures = db[ERASURES]

    async def begin(self, participant_id: str) -> str:
        fresh = f"anon-{secrets.token_hex(8)}"
        doc = await self._erasures.find_one_and_update(
            {"_id": _fingerprint(participant_id)},
            {"$setOnInsert": {"token": fresh, "done": False}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return str(doc.get("token") or fresh) if doc is not None else fresh

    async def finish(self, participant_id: str) -> None:
        await self._erasures.update_one(
            {"_id": _fingerprint(participant_id)},
            {"$set": {"done": True}, "$unset": {"token": ""}},
        )

    async def is_erased(self, participant_id: str) -> bool:
        return await self._erasures.find_one({"_id": _fingerprint(participant_id)}) is not None

    async def erased_among(self, participant_ids: Sequence[str]) -> set[str]:
        by_fingerprint = {_fingerprint(pid): pid for pid in participant_ids}
        cursor = self._erasures.find({"_id": {"$in": list(by_fingerprint)}}, {"_id": 1})
        return {by_fingerprint[doc["_id"]] async for doc in cursor}
