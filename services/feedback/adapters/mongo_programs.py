"""Read models of programs and participants in MongoDB."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.feedback.adapters.mongo_collections import PARTICIPANTS, PROGRAMS
from services.feedback.domain.model import ProgramPolicy, Role
from shared.storage.mongo import Document


def _policy(doc: Document) -> ProgramPolicy:
    defaults = ProgramPolicy(doc["_id"])
    return ProgramPolicy(
        program_id=doc["_id"],
        region=doc.get("region"),
        cohort=doc.get("cohort", defaults.cohort),
        feedback_deadline_days=doc.get("feedback_deadline_days", defaults.feedback_deadline_days),
        health_threshold=doc.get("health_threshold", defaults.health_threshold),
        min_group_size=doc.get("min_group_size", defaults.min_group_size),
        cadence_days=doc.get("cadence_days", defaults.cadence_days),
        skills=frozenset(doc.get("skills", ())),
    )


class MongoProgramStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._programs = db[PROGRAMS]

    async def apply_settings(self, policy: ProgramPolicy, version: int) -> None:
        fields: dict[str, Any] = {
            "version": version,
            "region": policy.region,
            "cohort": policy.cohort,
            "feedback_deadline_days": policy.feedback_deadline_days,
            "health_threshold": policy.health_threshold,
            "min_group_size": policy.min_group_size,
            "cadence_days": policy.cadence_days,
        }
        # A DuplicateKeyError means a newer (or the same) version is already stored.
        with contextlib.suppress(DuplicateKeyError):
            await self._programs.update_one(
                {
                    "_id": policy.program_id,
                    "$or": [{"version": {"$lt": version}}, {"version": {"$exists": False}}],
                },
                {"$set": fields},
                upsert=True,
            )

    async def add_skills(self, program_id: str, skills: Iterable[str]) -> None:
        await self._programs.update_one(
            {"_id": program_id}, {"$addToSet": {"skills": {"$each": list(skills)}}}, upsert=True
        )

    async def policy(self, program_id: str) -> ProgramPolicy | None:
        doc = await self._programs.find_one({"_id": program_id})
        return _policy(doc) if doc is not None else None

    async def in_region(self, region: str, cohort: str | None) -> list[ProgramPolicy]:
        query: dict[str, Any] = {"region": region}
        if cohort is not None:
            query["cohort"] = cohort
        return [_policy(doc) async for doc in self._programs.find(query).limit(1_000)]


class MongoParticipantStore:
    """Role per program only: the feedback service has no use for names or contact details."""

    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._participants = db[PARTICIPANTS]

    async def remember(self, program_id: str, participant_id: str, role: Role) -> None:
        await self._participants.update_one(
            {"_id": f"{program_id}|{participant_id}"},
            {"$set": {"program_id": program_id, "participant_id": participant_id, "role": role}},
            upsert=True,
        )

    async def role_in(self, program_id: str, participant_id: str) -> Role | None:
        doc = await self._participants.find_one({"_id": f"{program_id}|{participant_id}"})
        return doc["role"] if doc is not None else None

    async def forget(self, participant_id: str) -> None:
        await self._participants.delete_many({"participant_id": participant_id})
