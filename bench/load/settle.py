"""Has the platform caught up? Consumer lag, due timers, due deliveries and unpublished outboxes,
read straight from the broker and the services' databases."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from pymongo import AsyncMongoClient

from bench.load.lag import lag_by_group, snapshot_ends, total
from bench.load.world import World
from shared.events.programs import ProgramSettings

log = logging.getLogger("bench.load.settle")

OUTBOX_COLLECTIONS = {
    "matching": ("programs", "participants", "pairs", "rounds"),
    "scheduling": ("series",),
    "feedback": ("pairs", "feedback_requests"),
    "notifications": ("deliveries",),
}
OPEN_DELIVERIES = ["pending", "retry", "sending", "deferred", "assembling"]
WAITING_ON_THE_CLOCK = ["pending", "retry", "deferred"]
"""Deliveries that go out once their due time comes (sendable, not claimed)."""


LIVE_PAIRS = ["proposed", "active"]


def _ended(settings: dict[str, Any], now: datetime) -> bool:
    """Whether a program's last day is over at `now`, as matching decides it."""
    try:
        return ProgramSettings.model_validate(settings).is_over(now)
    except ValidationError:
        return False


def _aware(value: datetime) -> datetime:
    """The settler's client reads datetimes without a zone; the database keeps UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Settler:
    def __init__(self, world: World) -> None:
        self._world = world
        self.unsettled: list[str] = []
        # One client per service, on that service's own database server. The monitor's checks
        # time out after connectTimeoutMS: on a machine this busy a 2 s limit marked the server
        # unknown and cancelled the reads in flight (a reconciliation scan among them), so the
        # settler waits longer than the services do.
        self._clients: dict[str, AsyncMongoClient[dict[str, Any]]] = {
            service: AsyncMongoClient(
                world.database_uri(service),
                serverSelectionTimeoutMS=30_000,
                connectTimeoutMS=30_000,
            )
            for service in world.service_names()
        }

    def db(self, service: str) -> Any:
        return self._clients[service][f"twoway_{service}"]

    async def close(self) -> None:
        await asyncio.gather(*(client.close() for client in self._clients.values()))

    async def work_left(
        self, now: datetime, *, final: bool = False, outboxes: bool = False
    ) -> dict[str, int]:
        """What is due but not done. `outboxes` also counts events recorded but not published
        yet (a relay publishes them after its grace); `final` counts those and every delivery
        not finished, due or not."""
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
            "pairs_of_ended_programs": await self._pairs_of_ended_programs(now),
        }
        if final:
            left["deliveries_open"] = await deliveries.count_documents(
                {"status": {"$in": OPEN_DELIVERIES}}
            )
        if final or outboxes:
            left["unpublished_outbox"] = 0
            for service, names in OUTBOX_COLLECTIONS.items():
                for name in names:
                    left["unpublished_outbox"] += await self.db(service)[name].count_documents(
                        {"_outbox.0": {"$exists": True}}
                    )
        return left

    async def _pairs_of_ended_programs(self, now: datetime) -> int:
        """Live pairs of programs whose last day is over: matching ends them on its next check
        (with PairEnded, whose notices follow), so they are work due, not done."""
        matching = self.db("matching")
        ended = [
            doc["_id"]
            async for doc in matching["programs"].find({}, {"settings": 1})
            if _ended(doc.get("settings") or {}, now)
        ]
        if not ended:
            return 0
        return int(
            await matching["pairs"].count_documents(
                {"program_id": {"$in": ended}, "status": {"$in": LIVE_PAIRS}}
            )
        )

    async def latest_waiting(self, now: datetime) -> datetime | None:
        """When the last delivery that waits on the clock comes due (a send held for a
        partner's contact or an introduction for its series), if any waits past `now`."""
        deliveries = self.db("notifications")["deliveries"]
        waiting = await deliveries.find_one(
            {"status": {"$in": WAITING_ON_THE_CLOCK}, "not_before": {"$gt": now}},
            {"not_before": 1},
            sort=[("not_before", -1)],
        )
        if waiting is None:
            return None
        return _aware(waiting["not_before"])

    async def open_deliveries(self, now: datetime, limit: int = 20) -> list[str]:
        """What the deliveries still open are waiting for: status, template, attempts and how
        far their due time is from `now` (no person in it)."""
        deliveries = self.db("notifications")["deliveries"]
        found = deliveries.find(
            {"status": {"$in": OPEN_DELIVERIES}},
            {"status": 1, "template": 1, "attempts": 1, "not_before": 1, "claimed_at": 1},
            limit=limit,
        )
        described = []
        async for doc in found:
            due = doc.get("not_before")
            if isinstance(due, datetime):
                offset = f"due {(_aware(due) - now).total_seconds():+.0f}s"
            else:
                offset = "no due time"
            described.append(
                f"{doc.get('status')} {doc.get('template')} attempts={doc.get('attempts', 0)}"
                f" {offset} claimed={doc.get('claimed_at') is not None}"
            )
        return described

    async def settle(
        self, now: datetime, *, bound: float, final: bool = False, outboxes: bool = False
    ) -> float:
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
                left = await self.work_left(now, final=final, outboxes=outboxes)
                state = {"left": left}
                if not any(left.values()) and await snapshot_ends(self._world) == ends:
                    return time.monotonic() - started
            except Exception as error:  # a server is down: that is what we wait out
                state = f"unreachable: {type(error).__name__}"
            await asyncio.sleep(0.3)
        log.warning("not settled after %.0fs at %s: %s", bound, now.isoformat(), state)
        self.unsettled.append(f"{now.isoformat()}: {state}")
        return time.monotonic() - started
