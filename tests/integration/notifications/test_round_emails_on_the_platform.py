"""A matching round on the real platform (the four services as processes, Kafka, SecantusDB,
an SMTP server): what people receive, and how long another program's reminder waits.

- A round of 300 people: each person gets exactly the welcome and one email per new pair
  (the introduction with the calendar series); no message stands in "your partner" for a name.
- Fairness: while a burst of mail goes out in program C (600 people joining), a reminder of
  program B falls due; SMTP accepts it within 60 seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from pymongo import AsyncMongoClient

from deploy.local.harness import SERVICES, Platform
from deploy.local.infra import free_port
from tests.e2e.platform_world import (
    ADMIN,
    SECRET,
    daytime_tomorrow,
    eventually,
    person,
    program_body,
    service_env,
)
from tests.integration.notifications.reminder_timeline import reminder_timeline
from tests.support.kafka_tools import create_topics, unique_prefix

# The platform's start, a 300-person round and a 600-person burst: the waits below allow more
# than the suite's default limit, which a machine busy with another test file can need.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

ROUND_PEOPLE = 300
PROGRAM_A, PROGRAM_B, PROGRAM_C = "round-a", "round-b", "burst-c"
BURST_PEOPLE = 600
ROUND_MAIL = {"welcome", "pair_introduction", "series_invitation"}


@dataclass
class TimedSink:
    """Keeps every accepted message with the moment SMTP accepted it."""

    messages: list[tuple[float, EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((time.monotonic(), message))
        return "250 Message accepted for delivery"

    def of(self, template: str) -> list[EmailMessage]:
        return [m for _, m in self.messages if m["X-Twoway-Template"] == template]


@dataclass
class World:
    platform: Platform
    sink: TimedSink
    notifications_db: Any
    scheduling_db: Any


async def set_clocks(platform: Platform, now: datetime) -> None:
    async with httpx.AsyncClient(headers=ADMIN, timeout=10) as http:
        for name in SERVICES:
            response = await http.post(
                f"{platform.url(name)}/admin/clock", json={"now": now.isoformat()}
            )
            assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
async def world(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    sink = TimedSink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    suffix = f"_{prefix.strip('.')}"
    platform = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=Path(tmp_path_factory.mktemp("round")),
        topic_prefix=prefix,
        database_suffix=suffix,
        auth_secret=SECRET,
        extra_env=service_env(smtp_port),
    )
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    try:
        await asyncio.to_thread(platform.start_all)
        yield World(
            platform,
            sink,
            client[f"twoway_notifications{suffix}"],
            client[f"twoway_scheduling{suffix}"],
        )
    finally:
        await client.close()
        await asyncio.to_thread(platform.stop_all)
        smtp.stop()


def people(prefix: str, count: int) -> list[dict[str, Any]]:
    half = count // 2
    juniors = [person(f"{prefix}-j-{n}", "junior", 2) for n in range(half)]
    seniors = [person(f"{prefix}-s-{n}", "senior", 8) for n in range(count - half)]
    for entry in juniors + seniors:
        entry["display_name"] = f"Name {entry['participant_id']}"
    return juniors + seniors


async def launch_with(api: httpx.AsyncClient, program: str, start: datetime, count: int) -> None:
    response = await api.post("/programs", json=program_body(program, start.date()))
    assert response.status_code == 201, response.text
    everyone = people(program, count)
    for first in range(0, len(everyone), 100):
        response = await api.post(
            f"/programs/{program}/participants/bulk",
            json={"participants": everyone[first : first + 100]},
        )
        assert response.status_code == 200, response.text


async def run_round(api: httpx.AsyncClient, program: str) -> list[dict[str, Any]]:
    result = (await api.post(f"/programs/{program}/rounds", json={}, timeout=300)).json()
    assert result["status"] == "published", result
    return list(result["pairs"])


def addressee(message: EmailMessage) -> str:
    return str(message["To"].addresses[0].addr_spec)


async def test_a_round_is_one_email_per_pair_and_a_reminder_elsewhere_leaves_within_a_minute(
    world: World,
) -> None:
    platform, sink = world.platform, world.sink
    start = daytime_tomorrow(datetime.now(UTC))
    await set_clocks(platform, start)
    async with httpx.AsyncClient(
        base_url=platform.url("matching"), headers=ADMIN, timeout=60
    ) as api:
        await launch_with(api, PROGRAM_B, start, 2)
        (pair_b,) = await run_round(api, PROGRAM_B)
        await launch_with(api, PROGRAM_A, start, ROUND_PEOPLE)
        await eventually(
            lambda: _count(sink, "welcome", ROUND_PEOPLE + 2), "every welcome", timeout=300
        )
        round_started = time.monotonic()
        pairs_a = await run_round(api, PROGRAM_A)
    paired = {p["junior_id"] for p in pairs_a} | {p["senior_id"] for p in pairs_a}
    assert len(paired) == 2 * len(pairs_a) >= ROUND_PEOPLE // 3

    # 1. The round: every invitation, then the introductions' own emails settle past their
    # wait (carried by the invitations).
    invited = len(paired) + 2
    await eventually(
        lambda: _count(sink, "series_invitation", invited), "every invitation", timeout=600
    )
    last_invitation = max(t for t, m in sink.messages if _is(m, "series_invitation"))
    await set_clocks(platform, start + timedelta(minutes=15))
    await eventually(lambda: _introductions_settled(world), "introductions settled", timeout=120)
    of_round = [m for _, m in sink.messages if _in(m, PROGRAM_A) and _of_round(m)]
    per_person = Counter(addressee(m) for m in of_round)
    templates = Counter(str(m["X-Twoway-Template"]) for m in of_round)

    # 2. Fairness: program C's people join (a burst of mail), and while it goes out program
    # B's 60-minute reminder falls due; SMTP must accept it within a minute.
    session_b = await _first_session(platform, pair_b["pair_id"])
    async with httpx.AsyncClient(
        base_url=platform.url("matching"), headers=ADMIN, timeout=60
    ) as api:
        await launch_with(api, PROGRAM_C, start, BURST_PEOPLE)
    await eventually(lambda: _from(sink, PROGRAM_C, 30), "program C's burst under way")
    reminders_before = _reminders(sink, PROGRAM_B)
    due_clock = datetime.fromisoformat(session_b["start"]) - timedelta(minutes=60)
    await set_clocks(platform, due_clock)
    due_at, due_real = time.monotonic(), datetime.now(UTC)
    await eventually(
        lambda: _reminded(sink, PROGRAM_B, len(reminders_before) + 2), "B's reminder", timeout=120
    )
    reminder_latency = max(_reminders(sink, PROGRAM_B)) - due_at
    burst_left = BURST_PEOPLE - len([m for _, m in sink.messages if _in(m, PROGRAM_C)])
    timeline = await reminder_timeline(
        world.scheduling_db, world.notifications_db, PROGRAM_B, due_clock, due_real
    )

    print(
        f"\nround of {ROUND_PEOPLE}: {len(pairs_a)} pairs; emails per person "
        f"{sorted(set(per_person.values()))}; by template {dict(templates)}; the last "
        f"invitation accepted {last_invitation - round_started:.1f} s after the round; "
        f"program B's reminder accepted {reminder_latency:.1f} s after it fell due, "
        f"{burst_left} of program C's {BURST_PEOPLE} burst emails still waiting then\n"
        f"program B's reminder: {timeline}"
    )
    assert len(per_person) == ROUND_PEOPLE
    for address, count in per_person.items():  # the welcome, and one invitation per new pair
        assert count == (2 if address.split("@")[0] in paired else 1), address
    assert templates == {"welcome": ROUND_PEOPLE, "series_invitation": len(paired)}
    for _, message in sink.messages:
        text = f"{message['Subject']}\n{_plain(message)}".lower()
        assert "your partner" not in text
    for message in sink.of("series_invitation"):
        calendars = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        (calendar,) = calendars
        assert calendar.get_param("method") == "REQUEST"
        (series,) = Calendar.from_ical(calendar.get_content()).walk("VEVENT")
        assert "RRULE" in series
        assert len(series.get("ATTENDEE")) == 2
    assert reminder_latency < 60


async def _first_session(platform: Platform, pair_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(
        base_url=platform.url("scheduling"), headers=ADMIN, timeout=30
    ) as api:

        async def first() -> dict[str, Any] | None:
            response = await api.get(f"/pairs/{pair_id}/sessions")
            found = response.json().get("sessions", []) if response.status_code == 200 else []
            return found[0] if found else None

        session = await eventually(first, "the pair's series")
    assert session is not None
    return session


async def _introductions_settled(world: World) -> bool:
    open_ones = await world.notifications_db["deliveries"].count_documents(
        {"template": "pair_introduction", "channel": "email", "status": {"$ne": "skipped"}}
    )
    return open_ones == 0


def _of_round(message: EmailMessage) -> bool:
    return str(message["X-Twoway-Template"]) in ROUND_MAIL


def _reminders(sink: TimedSink, program: str) -> list[float]:
    return [t for t, m in sink.messages if _in(m, program) and _is(m, "session_reminder")]


async def _reminded(sink: TimedSink, program: str, count: int) -> bool:
    return len(_reminders(sink, program)) >= count


async def _from(sink: TimedSink, program: str, count: int) -> bool:
    return sum(1 for _, m in sink.messages if _in(m, program)) >= count


def _is(message: EmailMessage, template: str) -> bool:
    return bool(message["X-Twoway-Template"] == template)


def _in(message: EmailMessage, program: str) -> bool:
    return addressee(message).startswith(f"{program}-")


def _plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return str(body.get_content()) if body is not None else ""


async def _count(sink: TimedSink, template: str, at_least: int) -> bool:
    return len(sink.of(template)) >= at_least
