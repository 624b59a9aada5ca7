"""Series written for a whole batch of new pairs at once (see `application.batch_planning`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from services.scheduling.adapters.mongo_series import series_to_document
from services.scheduling.domain.model import Series, SeriesStatus, SessionStatus
from shared.events import Event
from shared.storage.mongo import Document, duplicate_key_indexes
from shared.storage.outbox import OUTBOX_FIELD, Outbox, outbox_entries


class MongoSeriesBatchStore:
    def __init__(self, collection: AsyncCollection[Document], outbox: Outbox) -> None:
        self._series = collection
        self._outbox = outbox

    async def existing(self, pair_ids: Sequence[str]) -> set[str]:
        cursor = self._series.find({"_id": {"$in": list(pair_ids)}}, {"_id": 1})
        return {doc["_id"] async for doc in cursor}

    async def busy_by_person(
        self, participant_ids: Sequence[str], *, after: datetime
    ) -> dict[str, list[tuple[datetime, datetime]]]:
        wanted = set(participant_ids)
        busy: dict[str, list[tuple[datetime, datetime]]] = {}
        if not wanted:
            return busy
        cursor = self._series.find(
            {"participants": {"$in": sorted(wanted)}, "status": SeriesStatus.PLANNED.value},
            {"participants": 1, "sessions.start": 1, "sessions.end": 1, "sessions.status": 1},
        )
        async for doc in cursor:
            booked = [
                (s["start"], s["end"])
                for s in doc.get("sessions", [])
                if s["status"] == SessionStatus.SCHEDULED.value and s["end"] > after
            ]
            for person in doc.get("participants", []):
                if person in wanted:
                    busy.setdefault(person, []).extend(booked)
        return busy

    async def insert_new(self, drafts: Sequence[tuple[Series, Sequence[Event]]]) -> set[str]:
        documents = [
            {
                "_id": series.pair_id,
                **series_to_document(series),
                "version": 1,
                "timers_dirty": True,
                OUTBOX_FIELD: outbox_entries(events),
            }
            for series, events in drafts
        ]
        if not documents:
            return set()
        taken: set[str] = set()
        try:
            await self._series.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            taken = {documents[i]["_id"] for i in duplicate_key_indexes(error)}
        return {doc["_id"] for doc in documents} - taken

    async def publish_events(self, events: Sequence[Event]) -> None:
        await self._outbox.publish(events)

    async def published_new(self, pair_ids: Sequence[str]) -> None:
        if pair_ids:
            await self._series.update_many(
                {"_id": {"$in": list(pair_ids)}, "version": 1}, {"$unset": {OUTBOX_FIELD: ""}}
            )

    async def settled_new(self, pair_ids: Sequence[str], *, published: bool) -> None:
        if not pair_ids:
            return
        unset: dict[str, str] = {"timers_dirty": ""}
        if published:
            # Inserted with exactly these events and unchanged since (version 1): the whole
            # outbox is what was published.
            unset[OUTBOX_FIELD] = ""
        await self._series.update_many(
            {"_id": {"$in": list(pair_ids)}, "version": 1}, {"$unset": unset}
        )
