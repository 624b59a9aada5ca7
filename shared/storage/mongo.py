"""MongoDB through PyMongo's native async API, and index bootstrap at start-up."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.settings import ServiceSettings

log = logging.getLogger("twoway.storage")

Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """A collection a service owns, with the indexes its queries need."""

    name: str
    indexes: Sequence[IndexModel] = field(default_factory=tuple)


def client_options(
    *, appname: str, timeout_ms: int, heartbeat_timeout_ms: int, tls_cafile: Path | None
) -> dict[str, Any]:
    """The client options every deployable uses: an operation gives up on an unreachable
    server after `timeout_ms`; a server check may take `heartbeat_timeout_ms` (see
    `ServiceSettings.mongo_heartbeat_timeout_ms`)."""
    options: dict[str, Any] = {
        "serverSelectionTimeoutMS": timeout_ms,
        "connectTimeoutMS": heartbeat_timeout_ms,
        "appname": appname,
        "tz_aware": True,
    }
    if tls_cafile is not None:
        options["tls"] = True
        options["tlsCAFile"] = str(tls_cafile)
    return options


def build_client(settings: ServiceSettings) -> AsyncMongoClient[Document]:
    uri = settings.secret_value(settings.mongo_uri, settings.mongo_uri_file) or ""
    options = client_options(
        appname=f"twoway-{settings.service_name}",
        timeout_ms=settings.mongo_timeout_ms,
        heartbeat_timeout_ms=settings.mongo_heartbeat_timeout_ms,
        tls_cafile=settings.mongo_tls_cafile,
    )
    return AsyncMongoClient(uri, **options)


async def ensure_indexes(db: AsyncDatabase[Document], specs: Sequence[CollectionSpec]) -> None:
    """Idempotent: creating an existing index with the same options is a no-op."""
    for spec in specs:
        if spec.indexes:
            await db[spec.name].create_indexes(list(spec.indexes))
    log.info("indexes ensured", extra={"collections": len(specs)})


async def ping(db: AsyncDatabase[Document]) -> bool:
    try:
        await db.command("ping")
    except Exception:
        return False
    return True


def without_id(doc: Mapping[str, Any] | None) -> Document | None:
    if doc is None:
        return None
    return {k: v for k, v in doc.items() if k != "_id"}


DUPLICATE_KEY = 11000


def duplicate_key_indexes(error: BulkWriteError) -> set[int]:
    """The operations of an unordered bulk write that met a key already stored (an upsert that
    found its filter unmatched but its _id taken, a replayed insert); the error itself is raised
    again if anything else failed."""
    failures: list[dict[str, Any]] = error.details.get("writeErrors", [])
    if error.details.get("writeConcernErrors") or any(
        f.get("code") != DUPLICATE_KEY for f in failures
    ):
        raise error
    return {int(f["index"]) for f in failures}
