"""PairCreated in, a whole series of sessions out: on the real broker and database."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from pymongo import AsyncMongoClient

from services.scheduling.bootstrap import create_app
from shared.events import PairEnded, SessionScheduled
from tests.integration.scheduling.scenario import (
    clock,
    count_of,
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
from tests.unit.scheduling.builders import envelope

pytestmark = pytest.mark.integration

SERIES_LENGTH = 13  # every Tuesday from 3 March to 26 May 2026


async def test_pair_created_puts_a_full_series_on_the_sessions_topic(
    kafka_server: Any, mongo_server: Any, prefix: str
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    app = create_app(settings(kafka_server, mongo_server, prefix), clock())
    async with running_service(app) as url:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, [*world(), *pairs()])
        records = await collect(
            bootstrap, prefix + "sessions", until=count_of("SessionScheduled", SERIES_LENGTH)
        )

    scheduled = of_type(records, SessionScheduled)
    assert sorted(e.series_index for e in scheduled) == list(range(SERIES_LENGTH))
    assert {e.series_length for e in scheduled} == {SERIES_LENGTH}
    assert {r.key for r in records} == {b"pair-1"}
    for event in scheduled:
        berlin = event.start.astimezone(ZoneInfo("Europe/Berlin"))
        assert (berlin.weekday(), berlin.hour, berlin.minute) == (1, 10, 0)
        calendar = Calendar.from_ical(event.ics)
        (vevent,) = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "REQUEST"
        assert str(vevent["UID"]) == f"{event.session_id}@twoway"
        assert vevent.decoded("DTSTART") == event.start
        assert vevent.decoded("DTEND") == event.end
        assert vevent.decoded("SEQUENCE") == 0


async def test_same_pair_created_twice_gives_one_series(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    config = settings(kafka_server, mongo_server, prefix)
    created = pairs()[0]
    # The sentinel: the pair ends after every copy of its PairCreated, on the same key. Its
    # cancellations follow, on the sessions topic's same key, whatever any copy published.
    ended = PairEnded(
        **envelope(), pair_id="pair-1", junior_id="j-1", senior_id="s-1", reason="admin"
    )
    series = mongo[config.database_name]["series"]
    async with running_service(create_app(config, clock())) as url:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, [*world(), created, created, *pairs(), ended])
        records = await collect(
            bootstrap, prefix + "sessions", until=count_of("SessionCancelled", SERIES_LENGTH)
        )

        async def outbox_sent() -> bool:
            return await series.count_documents({"_outbox.0": {"$exists": True}}) == 0

        await wait_for(outbox_sent)

    scheduled = decoded(records, "SessionScheduled")
    assert len(scheduled) == SERIES_LENGTH
    assert len({e.event_id for e in scheduled}) == SERIES_LENGTH
    assert len(decoded(records, "SessionCancelled")) == SERIES_LENGTH
    assert await series.count_documents({}) == 1


async def test_pair_created_before_its_people_waits_and_is_planned_when_they_arrive(
    kafka_server: Any, mongo_server: Any, prefix: str, mongo: AsyncMongoClient[Any]
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    config = settings(kafka_server, mongo_server, prefix)
    series = mongo[config.database_name]["series"]
    async with running_service(create_app(config, clock())) as url:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, pairs())

        async def waiting_pair() -> dict[str, Any]:
            return await series.find_one({"_id": "pair-1", "status": "waiting"}) or {}

        waiting = await wait_for(waiting_pair)
        assert set(waiting["waiting_for"]) == {"j-1", "s-1", "program"}

        await produce_events(bootstrap, prefix, world())
        records = await collect(
            bootstrap, prefix + "sessions", until=count_of("SessionScheduled", SERIES_LENGTH)
        )

    assert len(decoded(records, "SessionScheduled")) == SERIES_LENGTH
    planned = await found(series, {"_id": "pair-1"})
    assert planned["status"] == "planned"
