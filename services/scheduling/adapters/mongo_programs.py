"""Scheduling's copies of programs and participants: the newest version wins.

A participant copy holds only a time zone and weekly windows (no name, email or role
details). Erasure replaces it with a tombstone that carries no personal data and an
unbeatable version, so a replayed older profile can never bring the data back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.scheduling.application.ports import ParticipantRecord, ParticipantStatus
from services.scheduling.domain.model import Person, ProgramCalendar, WeeklyWindow
from shared.storage.mongo import CollectionSpec, Document

PARTICIPANTS = "participants"
PROGRAMS = "programs"
# Lookups are by _id only, so neither collection needs a secondary index.
READ_MODEL_SPECS = [CollectionSpec(PARTICIPANTS), CollectionSpec(PROGRAMS)]

_ERASED_VERSION = 2**31 - 1


def _participant_key(program_id: str, participant_id: str) -> str:
    return f"{program_id}/{participant_id}"


class MongoParticipantStore:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._participants = collection

    async def upsert_profile(self, program_id: str, person: Person, version: int) -> bool:
        key = _participant_key(program_id, person.participant_id)
        try:
            result = await self._participants.update_one(
                {"_id": key, "profile_version": {"$lt": version}},
                {
                    "$set": {
                        "program_id": program_id,
                        "participant_id": person.participant_id,
                        "status": ParticipantStatus.ACTIVE.value,
                        "timezone": person.timezone,
                        "windows": [
                            [w.weekday, w.start_minute, w.end_minute] for w in person.windows
                        ],
                        "profile_version": version,
                    }
                },
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # a newer profile, or an erasure, is already recorded
        return result.upserted_id is not None or result.modified_count > 0

    async def withdraw(self, program_id: str, participant_id: str) -> None:
        # An erased person's tombstone stays as it is (the upsert then collides on _id).
        with contextlib.suppress(DuplicateKeyError):
            await self._withdraw(program_id, participant_id)

    async def _withdraw(self, program_id: str, participant_id: str) -> None:
        await self._participants.update_one(
            {
                "_id": _participant_key(program_id, participant_id),
                "status": {"$ne": ParticipantStatus.ERASED.value},
            },
            {
                "$set": {"status": ParticipantStatus.WITHDRAWN.value},
                "$unset": {"timezone": "", "windows": ""},
                "$setOnInsert": {
                    "program_id": program_id,
                    "participant_id": participant_id,
                    "profile_version": 0,
                },
            },
            upsert=True,
        )

    async def erase(self, program_id: str, participant_id: str) -> None:
        await self._participants.replace_one(
            {"_id": _participant_key(program_id, participant_id)},
            {
                "program_id": program_id,
                "participant_id": participant_id,
                "status": ParticipantStatus.ERASED.value,
                "profile_version": _ERASED_VERSION,
            },
            upsert=True,
        )

    async def get_many(
        self, program_id: str, participant_ids: Sequence[str]
    ) -> dict[str, ParticipantRecord]:
        keys = [_participant_key(program_id, pid) for pid in participant_ids]
        records: dict[str, ParticipantRecord] = {}
        async for doc in self._participants.find({"_id": {"$in": keys}}):
            status = ParticipantStatus(doc["status"])
            person = None
            if status is ParticipantStatus.ACTIVE:
                person = Person(
                    participant_id=doc["participant_id"],
                    timezone=doc["timezone"],
                    windows=tuple(WeeklyWindow(d, s, e) for d, s, e in doc.get("windows", [])),
                )
            records[doc["participant_id"]] = ParticipantRecord(status, person)
        return records


class MongoProgramStore:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._programs = collection

    async def upsert(self, calendar: ProgramCalendar) -> bool:
        try:
            result = await self._programs.update_one(
                {"_id": calendar.program_id, "version": {"$lt": calendar.version}},
                {"$set": _calendar_to_document(calendar)},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return result.upserted_id is not None or result.modified_count > 0

    async def get(self, program_id: str) -> ProgramCalendar | None:
        doc = await self._programs.find_one({"_id": program_id})
        return _calendar_from_document(doc) if doc is not None else None


def _calendar_to_document(calendar: ProgramCalendar) -> Document:
    return {
        "name": calendar.name,
        "region": calendar.region,
        "timezone": calendar.timezone,
        "start_date": calendar.start_date.isoformat(),
        "end_date": calendar.end_date.isoformat(),
        "cadence_days": calendar.cadence_days,
        "session_minutes": calendar.session_minutes,
        "blackout_dates": sorted(d.isoformat() for d in calendar.blackout_dates),
        "reminder_offsets_minutes": list(calendar.reminder_offsets_minutes),
        "missed_after_hours": calendar.missed_after_hours,
        "version": calendar.version,
    }


def _calendar_from_document(doc: Document) -> ProgramCalendar:
    return ProgramCalendar(
        program_id=doc["_id"],
        name=doc["name"],
        region=doc["region"],
        timezone=doc["timezone"],
        start_date=date.fromisoformat(doc["start_date"]),
        end_date=date.fromisoformat(doc["end_date"]),
        cadence_days=int(doc["cadence_days"]),
        session_minutes=int(doc["session_minutes"]),
        blackout_dates=frozenset(date.fromisoformat(d) for d in doc.get("blackout_dates", [])),
        reminder_offsets_minutes=tuple(doc.get("reminder_offsets_minutes", (1440, 60))),
        missed_after_hours=int(doc.get("missed_after_hours", 12)),
        version=int(doc["version"]),
    )
