"""MongoDB through PyMongo's native async API, and index bootstrap at start-up."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.settings import ServiceSettings

log = logging.getLogger("twoway.storage")

Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """A collection a service owns, with the indexes its queries need."""

    name: str
    indexes: Sequence[IndexModel] = field(default_factory=tuple)


def build_client(settings: ServiceSettings) -> AsyncMongoClient[Document]:
    uri = settings.secret_value(settings.mongo_uri, settings.mongo_uri_file) or ""
    options: dict[str, Any] = {
        "serverSelectionTimeoutMS": settings.mongo_timeout_ms,
        "connectTimeoutMS": settings.mongo_timeout_ms,
        "appname": f"twoway-{settings.service_name}",
        "tz_aware": True,
    }
    if settings.mongo_tls_cafile is not None:
        options["tls"] = True
        options["tlsCAFile"] = str(settings.mongo_tls_cafile)
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
