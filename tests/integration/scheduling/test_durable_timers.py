"""Reminders and missed-session checks survive restarts and never fire twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.scheduling.bootstrap import create_app
from shared.events import SessionMissed, SessionReminderDue
from tests.integration.scheduling.scenario import (
    clock,
    decoded,
    found,
    of_type,
    pairs,
    settings,
    wait_for,
    world,
)
from tests.support.kafka_tools import collect, produce_events
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration

TIMERS_PER_SESSION = 3  # reminders 24 h and 1 h before, and the missed-session check


def counts(collection: Any, query: dict[str, Any], wanted: int) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return await collection.count_documents(query) == wanted

    return probe


def reminded(session_id: str) -> Callable[[list[Any]], bool]:
    return lambda records: any(
        getattr(e, "session_id", None) == session_id for e in decoded(records, "SessionReminderDue")
    )


async def test_due_timers_fire_exactly_once_across_a_restart(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    program_time = clock()
    config = settings(kafka_server, mongo_server, prefix)
    db = mongo[config.database_name]
    async with running_service(create_app(config, program_time)) as url:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, [*world(), *pairs()])
        await wait_for(counts(db["timers"], {"status": "pending"}, 13 * TIMERS_PER_SESSION))
    series = await found(db["series"], {"_id": "pair-1"})
    first, second, third = sorted(series["sessions"], key=lambda s: s["start"])[:3]
    sid = first["session_id"]

    # While no instance runs, program time passes both reminders of the first session.
    program_time.advance(first["start"] - timedelta(minutes=30) - program_time.now())
    async with running_service(create_app(config, program_time)):
        await wait_for(counts(db["timers"], {"_id": f"{sid}:reminder:60", "status": "fired"}, 1))
        program_time.advance(first["end"] + timedelta(hours=12, minutes=1) - program_time.now())
        await wait_for(counts(db["timers"], {"_id": f"{sid}:missed", "status": "fired"}, 1))
    # A further restart finds nothing left to fire. The sentinels: the next two sessions'
    # reminders, on the same key, fired by the restarted instance one after the other; once
    # the later one is out, whatever its earlier passes fired is out before it.
    async with running_service(create_app(config, program_time)) as url:
        await wait_until_ready(url)
        for later in (second, third):
            program_time.advance(later["start"] - timedelta(minutes=30) - program_time.now())
            records = await collect(
                bootstrap, prefix + "sessions", until=reminded(later["session_id"])
            )

    reminders = [
        e for e in decoded(records, "SessionReminderDue") if isinstance(e, SessionReminderDue)
    ]
    assert [(e.session_id, e.minutes_before) for e in reminders] == [
        (sid, 30),
        (second["session_id"], 30),
        (third["session_id"], 30),
    ]
    missed = of_type(records, SessionMissed)
    # The second session's check comes due with the last sentinel; the first one's came once.
    assert [e.session_id for e in missed if e.session_id != second["session_id"]] == [sid]
    day_before = await found(db["timers"], {"_id": f"{sid}:reminder:1440"})
    assert day_before["status"] == "stale"  # superseded by the closer reminder, never sent late
    assert await db["timers"].count_documents({"attempts": {"$gt": 1}}) == 0
    stored = await found(db["series"], {"_id": "pair-1"})
    assert next(s for s in stored["sessions"] if s["session_id"] == sid)["status"] == "missed"


async def test_two_instances_never_fire_a_timer_twice(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    program_time = clock()
    config = settings(kafka_server, mongo_server, prefix)
    timers = mongo[config.database_name]["timers"]
    total = 2 * 13 * TIMERS_PER_SESSION
    first_app, second_app = create_app(config, program_time), create_app(config, program_time)
    async with running_service(first_app) as first, running_service(second_app) as second:
        await wait_until_ready(first)
        await wait_until_ready(second)
        await produce_events(bootstrap, prefix, [*world(2), *pairs(2)])
        await wait_for(counts(timers, {"status": "pending"}, total))
        series = await found(mongo[config.database_name]["series"], {"_id": "pair-1"})
        start = min(s["start"] for s in series["sessions"])

        program_time.advance(start - timedelta(minutes=30) - program_time.now())
        await wait_for(counts(timers, {"status": "fired", "kind": "reminder"}, 2))
        # Then far beyond the program's end: every session comes due for its missed check.
        program_time.advance(timedelta(days=100))
        await wait_for(counts(timers, {"status": {"$in": ["pending", "firing"]}}, 0))
    # Every timer has fired or been decided, and a timer is marked only once its event is
    # out: reading up to the last missed check reads everything they published.
    records = await collect(
        bootstrap,
        prefix + "sessions",
        until=lambda r: len({e.session_id for e in of_type(r, SessionMissed)}) >= 26,
    )

    reminders = decoded(records, "SessionReminderDue")
    assert len(reminders) == 2
    missed = of_type(records, SessionMissed)
    # One event per session (a relay may re-send an event, but never invent a second one).
    assert len({e.session_id for e in missed}) == 26
    assert len({e.event_id for e in missed}) == 26
    assert await timers.count_documents({"attempts": {"$gt": 1}}) == 0  # nobody claimed twice
    assert await timers.count_documents({"status": "fired", "kind": "missed"}) == 26
    # Reminders of sessions long past were decided stale, or dropped once a session was
    # recorded as missed; none was sent late.
    late = {"kind": "reminder", "status": {"$nin": ["stale", "cancelled"]}}
    assert await timers.count_documents(late) == 2
