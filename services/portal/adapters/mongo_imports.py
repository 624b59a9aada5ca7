"""Imports in progress in MongoDB (`twoway_portal.imports`), so any portal instance can answer
the page that polls one; a TTL index removes them an hour after they started."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from services.portal.application.ports import ImportJob, Json
from shared.storage.mongo import CollectionSpec

IMPORTS = "imports"
IMPORT_COLLECTIONS = (
    CollectionSpec(
        IMPORTS, [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="ttl")]
    ),
)


class MongoImportJobs:
    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self._imports = collection

    async def begin(self, job: ImportJob) -> None:
        doc = asdict(job)
        doc["_id"] = doc.pop("job_id")
        await self._imports.insert_one(doc)

    async def advance(self, job_id: str, sent: int) -> None:
        await self._imports.update_one({"_id": job_id}, {"$set": {"sent": sent}})

    async def finish(self, job_id: str, *, report: Json | None, failure: Json | None) -> None:
        done = {"done": True, "report": report, "failure": failure}
        await self._imports.update_one({"_id": job_id}, {"$set": done})

    async def find(self, job_id: str) -> ImportJob | None:
        doc = await self._imports.find_one({"_id": job_id})
        if doc is None:
            return None
        doc["job_id"] = doc.pop("_id")
        known = set(ImportJob.__dataclass_fields__)
        return ImportJob(**{k: v for k, v in doc.items() if k in known})
