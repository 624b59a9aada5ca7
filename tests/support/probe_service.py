"""A minimal service on the shared runtime, used to test the plumbing itself.

It consumes the participants stream and records each attempt in MongoDB; PROBE_MODE makes it
hang after recording (to be killed before the commit), fail N times, or always fail.
"""

from __future__ import annotations

import asyncio
import os

from pymongo import IndexModel

from shared.events import ParticipantEvent
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime, build_app, build_runtime, serve
from shared.settings import ServiceSettings
from shared.storage.mongo import CollectionSpec


def build(settings: ServiceSettings, mode: str = "ok"):
    runtime = build_runtime(
        settings,
        collections=[CollectionSpec("attempts", [IndexModel("event_id", unique=True)])],
    )
    register(runtime, mode)
    return build_app(runtime, title="probe", description="plumbing probe")


def register(runtime: ServiceRuntime, mode: str) -> None:
    attempts = runtime.db["attempts"]

    @runtime.broker.subscriber(runtime.topics.participants, **subscriber_options(runtime.settings))
    async def on_participant_event(event: ParticipantEvent) -> None:
        doc = await attempts.find_one_and_update(
            {"event_id": str(event.event_id)},
            {"$inc": {"attempts": 1}, "$set": {"event_type": event.event_type}},
            upsert=True,
            return_document=True,
        )
        count = int(doc["attempts"])
        if mode == "hang":
            await asyncio.sleep(3600)
        if mode == "always_fail" or (mode.startswith("fail_") and count <= int(mode[5:])):
            raise RuntimeError(f"probe failure on attempt {count}")
        await attempts.update_one({"event_id": str(event.event_id)}, {"$set": {"done": True}})


if __name__ == "__main__":
    settings = ServiceSettings()
    serve(build(settings, os.environ.get("PROBE_MODE", "ok")), settings)
