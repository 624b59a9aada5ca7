"""A small world for scheduling's service tests: settings, a program, people, tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from services.scheduling.settings import SchedulingSettings
from shared.clock import FixedClock
from shared.events import Event, decode_event
from shared.http.auth import issue_token
from tests.unit.scheduling.builders import joined, pair_created, program_launched

SECRET = "scheduling-integration-secret-of-32-bytes+"
ISSUER = "twoway-local"
AUDIENCE = "twoway"
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # a Sunday; the program starts on Monday
TUESDAY = [("tue", "10:00", "12:00")]
TUESDAY_AND_WEDNESDAY = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]

T = TypeVar("T")
E = TypeVar("E", bound=Event)


def clock() -> FixedClock:
    """Program time shared by every instance in a test; it moves only when the test says so."""
    return FixedClock(START)


def settings(kafka: Any, mongo: Any, prefix: str, **extra: Any) -> SchedulingSettings:
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": kafka.bootstrap_servers,
        "mongo_uri": mongo.uri,
        "mongo_database": f"scheduling_{prefix.strip('.')}",
        "topic_prefix": prefix,
        "auth_mode": "jwt",
        "auth_hs256_secret": SECRET,
        "auth_issuer": ISSUER,
        "auth_audience": AUDIENCE,
        "retry_base_delay_seconds": 0.05,
        "retry_max_delay_seconds": 0.2,
        "timer_poll_seconds": 0.2,
        "timer_sync_interval_seconds": 0.5,
        "timer_lease_seconds": 5,
        "outbox_relay_interval_seconds": 1.0,
        "log_level": "WARNING",
    }
    values.update(extra)
    return SchedulingSettings(**values)


def world(pairs: int = 1, windows: list[tuple[str, str, str]] | None = None) -> list[Event]:
    """A program, and `pairs` pairs of distinct people, all free at the same weekly times."""
    events: list[Event] = [program_launched()]
    for n in range(1, pairs + 1):
        events.append(joined(f"j-{n}", "junior", "Europe/Berlin", windows or TUESDAY))
        events.append(joined(f"s-{n}", "senior", "America/New_York", _shifted(windows or TUESDAY)))
    return events


def pairs(count: int = 1) -> list[Event]:
    return [pair_created(f"pair-{n}", f"j-{n}", f"s-{n}") for n in range(1, count + 1)]


def _shifted(windows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The same instants seen from New York: a wide window around the Berlin one."""
    return [(day, "02:00", "08:00") for day, _start, _end in windows]


def token(subject: str, roles: list[str], **scope: list[str]) -> dict[str, str]:
    jwt = issue_token(
        secret=SECRET,
        issuer=ISSUER,
        audience=AUDIENCE,
        subject=subject,
        roles=roles,
        now=datetime.now(UTC),
        ttl=timedelta(hours=1),
        **scope,
    )
    return {"Authorization": f"Bearer {jwt}"}


def decoded(records: list[Any], event_type: str | None = None) -> list[Event]:
    events = [decode_event(r.value) for r in records]
    return [e for e in events if event_type is None or e.event_type == event_type]


def of_type(records: list[Any], event_cls: type[E]) -> list[E]:
    return [e for e in decoded(records) if isinstance(e, event_cls)]


async def found(collection: Any, query: dict[str, Any]) -> dict[str, Any]:
    doc = await collection.find_one(query)
    assert doc is not None, f"no document matches {query}"
    return dict(doc)


def count_of(event_type: str, wanted: int) -> Callable[[list[Any]], bool]:
    return lambda records: len(decoded(records, event_type)) >= wanted


async def wait_for(probe: Callable[[], Awaitable[T]], timeout: float = 30.0) -> T:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)
