"""The platform the security tests attack: the four services as processes, accepting HS256
tokens and an RS256 key set (JWKS file; both made in tokens.py), two regional programs with
people, pairs, a held session, feedback with a private note and emails at a real SMTP server."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from bench.load.mailbox import CountingMailbox
from deploy.local.harness import SERVICES, Platform
from tests.security.tokens import PLATFORM_ADMIN, KeyPair, hs256

T = TypeVar("T")


EVERY_DAY = [
    {"day": d, "start": "08:00", "end": "20:00"}
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


@dataclass(frozen=True, slots=True)
class Person:
    program_id: str
    participant_id: str
    role: str
    display_name: str
    email: str

    def profile(self, timezone: str) -> dict[str, Any]:
        junior = self.role == "junior"
        return {
            "participant_id": self.participant_id,
            "role": self.role,
            "display_name": self.display_name,
            "email": self.email,
            "department": "Engineering" if junior else "Finance",
            "location": "Remote",
            "timezone": timezone,
            "languages": ["en"],
            "seniority_level": 2 if junior else 8,
            "skills_offered": [{"skill": "generative ai" if junior else "negotiation", "level": 4}],
            "learning_goals": [
                {"skill": "negotiation" if junior else "generative ai", "priority": 4}
            ],
            "availability": EVERY_DAY,
        }


@dataclass(frozen=True, slots=True)
class ProgramSpec:
    program_id: str
    region: str
    timezone: str
    people: tuple[Person, ...]


def program_spec(region: str, timezone: str) -> ProgramSpec:
    program_id = f"sec-{region}"
    names = (
        "Quintessa Marlowe",
        "Bartholomew Ashcombe",
        "Philippa Vantongeren",
        "Octavius Brambleby",
    )
    people = tuple(
        Person(
            program_id,
            f"{program_id}-{'j' if i % 2 == 0 else 's'}{i}",
            "junior" if i % 2 == 0 else "senior",
            f"{name} {region.upper()}",
            f"{name.split()[0].lower()}.{region}.{i}@privacy-probe.example.org",
        )
        for i, name in enumerate(names)
    )
    return ProgramSpec(program_id, region, timezone, people)


def launch_body(spec: ProgramSpec, start: datetime) -> dict[str, Any]:
    return {
        "program_id": spec.program_id,
        "settings": {
            "name": f"Security {spec.region}",
            "region": spec.region,
            "timezone": spec.timezone,
            "locales": ["en"],
            "start_date": start.date().isoformat(),
            "end_date": (start + timedelta(days=30)).date().isoformat(),
            "cadence_days": 7,
            "approval_mode": "auto",
        },
        "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
    }


@dataclass
class SecuredWorld:
    platform: Platform
    mailbox: CountingMailbox
    keys: KeyPair
    programs: list[ProgramSpec]
    pairs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    private_notes: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def url(self, service: str) -> str:
        return self.platform.url(service)

    def people(self) -> list[Person]:
        return [p for spec in self.programs for p in spec.people]

    def personal_strings(self) -> list[str]:
        """Everything that must never appear in logs: emails, names (old and new), notes."""
        strings = [p.email for p in self.people()] + [p.display_name for p in self.people()]
        return strings + list(self.renamed.values()) + self.private_notes


async def eventually(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = 90.0
) -> T:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.3)


async def set_clocks(world: SecuredWorld, now: datetime) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        for name in SERVICES:
            response = await http.post(
                f"{world.url(name)}/admin/clock",
                json={"now": now.isoformat()},
                headers=PLATFORM_ADMIN,
            )
            assert response.status_code == 200, response.text
    world.now = now


async def drive(world: SecuredWorld) -> None:
    """Launch, join, match, plan, hold one session per program, answer feedback, rename one."""
    start = (datetime.now(UTC) + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    await set_clocks(world, start)
    async with httpx.AsyncClient(
        base_url=world.url("matching"), headers=PLATFORM_ADMIN, timeout=60
    ) as api:
        for spec in world.programs:
            response = await api.post("/programs", json=launch_body(spec, start))
            assert response.status_code == 201, response.text
            profiles = [p.profile(spec.timezone) for p in spec.people]
            response = await api.post(
                f"/programs/{spec.program_id}/participants/bulk", json={"participants": profiles}
            )
            assert response.status_code == 200, response.text
            response = await api.post(f"/programs/{spec.program_id}/rounds", json={})
            assert response.status_code == 200, response.text
            world.pairs[spec.program_id] = response.json()["pairs"]
            assert len(world.pairs[spec.program_id]) == 2, response.text
        renamed = world.programs[0].people[2]
        profile = renamed.profile(world.programs[0].timezone)
        profile["display_name"] = "Philippa Renamed-Vantongeren"
        response = await api.put(
            f"/programs/{renamed.program_id}/participants/{renamed.participant_id}", json=profile
        )
        assert response.status_code == 200, response.text
        world.renamed[renamed.participant_id] = profile["display_name"]
    await _hold_first_sessions(world)


def first_session(
    api: httpx.AsyncClient, pair_id: str
) -> Callable[[], Awaitable[dict[str, Any] | None]]:
    async def probe() -> dict[str, Any] | None:
        response = await api.get(f"/pairs/{pair_id}/sessions")
        sessions = response.json().get("sessions", []) if response.status_code == 200 else []
        return sessions[0] if sessions else None

    return probe


async def _hold_first_sessions(world: SecuredWorld) -> None:
    async with httpx.AsyncClient(
        base_url=world.url("scheduling"), headers=PLATFORM_ADMIN, timeout=60
    ) as api:
        for spec in world.programs:
            for pair in world.pairs[spec.program_id]:
                planned = first_session(api, pair["pair_id"])
                world.sessions[pair["pair_id"]] = await eventually(planned, "a planned series")
    latest = max(datetime.fromisoformat(s["start"]) for s in world.sessions.values())
    await set_clocks(world, latest + timedelta(minutes=5))
    async with httpx.AsyncClient(base_url=world.url("scheduling"), timeout=60) as api:
        for spec in world.programs:
            pair = world.pairs[spec.program_id][0]
            session = world.sessions[pair["pair_id"]]
            response = await api.post(
                f"/sessions/{session['session_id']}/complete",
                json={"minutes": 50},
                headers=hs256(pair["junior_id"], ["participant"]),
            )
            assert response.status_code == 200, response.text
    await _answer_feedback(world)


async def _answer_feedback(world: SecuredWorld) -> None:
    async with httpx.AsyncClient(base_url=world.url("feedback"), timeout=60) as api:
        for spec in world.programs:
            pair = world.pairs[spec.program_id][0]
            world.requests[spec.program_id] = []
            for pid, junior in ((pair["junior_id"], True), (pair["senior_id"], False)):
                headers = hs256(pid, ["participant"])

                async def request_of(
                    pid: str = pid, headers: dict[str, str] = headers
                ) -> list[Any]:
                    response = await api.get(
                        f"/participants/{pid}/feedback-requests", headers=headers
                    )
                    return response.json() if response.status_code == 200 else []

                [request] = await eventually(request_of, f"a feedback request for {pid}")
                note = f"Confidential remark {pid} about my mentor's temper"
                ratings = {"value": 4, "preparation": 5} | (
                    {"psychological_safety": 4} if junior else {}
                )
                response = await api.post(
                    f"/feedback-requests/{request['request_id']}/answer",
                    json={"ratings": ratings, "would_continue": True, "private_note": note},
                    headers=headers,
                )
                assert response.status_code == 201, response.text
                world.private_notes.append(note)
                world.requests[spec.program_id].append(request)


def database(world: SecuredWorld, service: str) -> str:
    return f"twoway_{service}{world.platform.database_suffix}"
