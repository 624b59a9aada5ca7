"""Has the platform caught up? Consumer lag, due timers, due deliveries and unpublished outboxes,
read straight from the broker and the services' databases."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import Any

from pymongo import AsyncMongoClient

from bench.load.lag import lag_by_group, snapshot_ends, total
from bench.load.world import World

log = logging.getLogger("bench.load.settle")

OUTBOX_COLLECTIONS = {
    "matching": ("programs", "participants", "pairs", "rounds"),
    "scheduling": ("series",),
    "feedback": ("pairs", "feedback_requests"),
    "notifications": ("deliveries",),
}
OPEN_DELIVERIES = ["pending", "retry", "sending", "deferred", "assembling"]


class Settler:
    def __init__(self, world: World) -> None:
        self._world = world
        self.unsettled: list[str] = []
        self._client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            world.mongo.uri, serverSelectionTimeoutMS=2_000, connectTimeoutMS=2_000
        )

    def db(self, service: str) -> Any:
        return self._client[f"twoway_{service}"]

    async def close(self) -> None:
        await self._client.close()

    async def work_left(self, now: datetime, *, final: bool = False) -> dict[str, int]:
        """What is due but not done. `final` also counts in-flight sends and outboxes."""
        timers = self.db("scheduling")["timers"]
        deliveries = self.db("notifications")["deliveries"]
        left = {
            "timers_due": await timers.count_documents(
                {"status": "pending", "due_at": {"$lte": now}}
            ),
            "timers_firing": await timers.count_documents({"status": "firing"}),
            "deliveries_due": await deliveries.count_documents(
                {"status": {"$in": ["pending", "retry"]}, "not_before": {"$lte": now}}
            ),
        }
        if final:
            left["deliveries_open"] = await deliveries.count_documents(
                {"status": {"$in": OPEN_DELIVERIES}}
            )
            left["unpublished_outbox"] = 0
            for service, names in OUTBOX_COLLECTIONS.items():
                for name in names:
                    left["unpublished_outbox"] += await self.db(service)[name].count_documents(
                        {"_outbox.0": {"$exists": True}}
                    )
        return left

    async def settle(self, now: datetime, *, bound: float, final: bool = False) -> float:
        """Wait until the platform is quiet: everything on the topics the services read is
        consumed, no due work is left, and nothing new was written meanwhile (a timer that
        fired may have produced events that are not consumed yet)."""
        started = time.monotonic()
        state: Any = "nothing observed yet"
        while time.monotonic() - started < bound:
            try:
                ends = await snapshot_ends(self._world)
                lag = total(await lag_by_group(self._world, ends))
                state = {"lag": lag}
                if any(lag.values()):
                    await asyncio.sleep(0.3)
                    continue
                left = await self.work_left(now, final=final)
                state = {"left": left}
                if not any(left.values()) and await snapshot_ends(self._world) == ends:
                    return time.monotonic() - started
            except Exception as error:  # a server is down: that is what we wait out
                state = f"unreachable: {type(error).__name__}"
            await asyncio.sleep(0.3)
        log.warning("not settled after %.0fs at %s: %s", bound, now.isoformat(), state)
        self.unsettled.append(f"{now.isoformat()}: {state}")
        return time.monotonic() - started
