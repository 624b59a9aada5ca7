"""What the delivery queue looks like, for the metrics: read with aggregations, not one by one."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection

from services.notifications.domain.model import SENDABLE, BacklogLine, Channel, Status
from shared.storage.mongo import Document

QUEUED = [s.value for s in (Status.RETRY, Status.DEFERRED, Status.HELD)]


async def backlog_lines(deliveries: AsyncCollection[Document], now: datetime) -> list[BacklogLine]:
    """Due or being sent, by program and priority (in-flight claims included)."""
    waiting = [*(s.value for s in SENDABLE), Status.SENDING.value]
    pipeline: list[Document] = [
        {"$match": {"status": {"$in": waiting}, "not_before": {"$lte": now}}},
        {
            "$group": {
                "_id": {"program": "$program_id", "priority": "$priority"},
                "n": {"$sum": 1},
                "oldest": {"$min": "$not_before"},
            }
        },
    ]
    return [
        BacklogLine(
            program_id=str(row["_id"]["program"]),
            priority=str(row["_id"]["priority"]),
            count=int(row["n"]),
            oldest_due=row["oldest"],
        )
        async for row in await deliveries.aggregate(pipeline)
    ]


async def queued_by_channel(deliveries: AsyncCollection[Document]) -> dict[tuple[str, str], int]:
    """Deliveries waiting their turn (retry, deferred, held for a digest) by channel and status."""
    sizes = {(c.value, s): 0 for c in Channel for s in QUEUED}
    pipeline: list[Document] = [
        {"$match": {"status": {"$in": QUEUED}}},
        {"$group": {"_id": {"channel": "$channel", "status": "$status"}, "n": {"$sum": 1}}},
    ]
    async for row in await deliveries.aggregate(pipeline):
        sizes[(row["_id"]["channel"], row["_id"]["status"])] = int(row["n"])
    return sizes
