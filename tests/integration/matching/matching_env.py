"""The matching service's surroundings in the integration tests: a topic prefix and a
database of its own on the session's broker and SecantusDB (`env`), tokens, request
bodies, and reading the pairs topic."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.matching.bootstrap import MatchingSettings
from shared.events import decode_event
from shared.http.auth import issue_token
from tests.support.kafka_tools import collect, create_topics, unique_prefix
from tests.support.service_settings import quick_settings

SECRET = "matching-test-secret-with-enough-length"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def token(roles: list[str], subject: str = "admin-1", **claims: Any) -> dict[str, str]:
    jwt = issue_token(
        secret=SECRET,
        issuer="twoway-local",
        audience="twoway",
        subject=subject,
        roles=roles,
        **claims,
    )
    return {"Authorization": f"Bearer {jwt}"}


PLATFORM = token(["platform_admin"])


def program_body(program_id: str, region: str = "EMEA", approval: str = "auto") -> dict[str, Any]:
    return {
        "program_id": program_id,
        "settings": {
            "name": "Reverse mentoring",
            "region": region,
            "timezone": "Europe/Berlin",
            "locales": ["en"],
            "start_date": "2026-03-02",
            "end_date": "2036-09-01",
            "approval_mode": approval,
        },
        "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
    }


def person(pid: str, role: str, level: int, **extra: Any) -> dict[str, Any]:
    base = {
        "participant_id": pid,
        "role": role,
        "display_name": f"Person {pid}",
        "email": f"{pid}@example.com",
        "department": "Sales" if role == "senior" else "IT",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": level,
        "skills_offered": [{"skill": "generative ai", "level": 4}]
        if role == "junior"
        else [{"skill": "negotiation", "level": 5}],
        "learning_goals": [{"skill": "negotiation", "priority": 3}]
        if role == "junior"
        else [{"skill": "generative ai", "priority": 5}],
        "availability": [{"day": "tue", "start": "09:00", "end": "12:00"}],
    }
    base.update(extra)
    return base


@pytest.fixture
async def env(kafka_server: Any, mongo_server: Any) -> AsyncIterator[dict[str, Any]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=2)
    settings = quick_settings(
        MatchingSettings,
        bootstrap=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        prefix=prefix,
        secret=SECRET,
    )
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    yield {
        "settings": settings,
        "prefix": prefix,
        "bootstrap": kafka_server.bootstrap_servers,
        "db": client[settings.database_name],
    }
    await client.close()


async def pair_events(env: dict[str, Any], n: int, timeout: float = 20) -> list[Any]:
    records = await collect(
        env["bootstrap"], env["prefix"] + "pairs", until=lambda r: len(r) >= n, timeout=timeout
    )
    return [decode_event(r.value) for r in records]


async def ended_pairs(env: dict[str, Any], programs: set[str]) -> list[Any]:
    """The pairs topic up to a PairEnded of each of these programs."""

    def ended(records: list[Any]) -> bool:
        events = [decode_event(r.value) for r in records]
        return {e.program_id for e in events if e.event_type == "PairEnded"} >= programs

    records = await collect(env["bootstrap"], env["prefix"] + "pairs", until=ended)
    assert ended(records), f"no PairEnded for every one of {sorted(programs)}"
    return [decode_event(r.value) for r in records]


async def wait_for(probe: Any, timeout: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := await probe()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)
    return value
