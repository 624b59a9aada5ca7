"""A program of N people on the local stack, loaded through the services' APIs as an admin's
import would: the demo's enterprise generator, one round, one held session and its feedback."""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.portal.stack import SERVICES, LocalStack
from cli.demo.population import REGIONAL_PROGRAMS, profile_of, program_body
from samples.enterprise import generate_program

PROGRAM_ID = "enterprise"
# The local OpenID provider's participants; they sign in with sub = participant id.
LOCAL_PARTICIPANTS = {"junior": ["p-junior-1"], "senior": ["p-senior-1", "p-senior-2"]}
BATCH = 1000
SESSIONS_WAIT = 300.0  # the local participant's series may be planned late in a large round
FEEDBACK_WAIT = 120.0


@dataclass(frozen=True)
class World:
    program_id: str
    participant_id: str  # a local user who is paired, with sessions
    pair_id: str
    round_id: str
    session_id: str
    request_id: str
    some_participant_id: str  # someone else, for the admin's participant page


def people(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` profiles in one EMEA program; three of them are the local provider's users."""
    region = REGIONAL_PROGRAMS[0]
    rng = random.Random(f"{seed}:names")
    profiles = [profile_of(p, "bench", region, rng) for p in generate_program(count, seed=seed)]
    renamed: dict[str, str] = {}
    for role, local_ids in LOCAL_PARTICIPANTS.items():
        ours = [p["participant_id"] for p in profiles if p["role"] == role][: len(local_ids)]
        renamed.update(zip(ours, local_ids, strict=True))
    text = json.dumps(profiles)
    for old, new in renamed.items():
        text = text.replace(f'"{old}"', f'"{new}"')
    loaded: list[dict[str, Any]] = json.loads(text)
    return loaded


async def load(
    stack: LocalStack,
    count: int,
    seed: int,
    sessions_wait: float = SESSIONS_WAIT,
    feedback_wait: float = FEEDBACK_WAIT,
) -> World:
    admin = stack.bearer("bench-admin", ["platform_admin"])
    async with (
        httpx.AsyncClient(base_url=stack.url("matching"), headers=admin, timeout=600) as matching,
        httpx.AsyncClient(base_url=stack.url("scheduling"), headers=admin, timeout=60) as schedule,
        httpx.AsyncClient(base_url=stack.url("feedback"), headers=admin, timeout=60) as feedback,
    ):
        clock = (await schedule.get("/admin/clock")).json()
        today = datetime.fromisoformat(clock["now"]).date()
        body = program_body(
            REGIONAL_PROGRAMS[0],
            tag="bench",
            start=today,
            weeks=26,
            missed_after_hours=48,
            min_group_size=5,
        )
        body["program_id"] = PROGRAM_ID
        body["settings"]["name"] = f"Reverse mentoring at enterprise size ({count:,} people)"
        (await matching.post("/programs", json=body)).raise_for_status()
        started = time.perf_counter()
        profiles = people(count, seed)
        for first in range(0, len(profiles), BATCH):
            answer = await matching.post(
                f"/programs/{PROGRAM_ID}/participants/bulk",
                json={"participants": profiles[first : first + BATCH]},
            )
            answer.raise_for_status()
        print(f"imported {count} participants in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        answer = await matching.post(f"/programs/{PROGRAM_ID}/rounds", json={"dry_run": False})
        answer.raise_for_status()
        made = len(answer.json()["pairs"])
        round_id = str(answer.json()["round_id"])
        print(f"one round: {made} pairs in {time.perf_counter() - started:.1f} s")

        participant_id, pair_id = await _paired_local_user(matching)
        started = time.perf_counter()
        session_id = request_id = ""
        try:
            session = await _first_session(schedule, participant_id, sessions_wait)
        except TimeoutError:
            print(f"no sessions of {participant_id} after {sessions_wait:.0f} s: the series are")
            print("planned one by one; pages of a session and of feedback are not timed")
        else:
            elapsed = time.perf_counter() - started
            print(f"sessions of {participant_id} planned after {elapsed:.1f} s")
            await _move_clocks_past(stack, admin, session)
            session_id = str(session["session_id"])
            try:
                request_id = await _held_with_feedback(
                    schedule, feedback, session, participant_id, feedback_wait
                )
            except TimeoutError:
                # Moving the clocks sets off every pair's reminders at once; in a large round
                # the feedback service may still be behind them.
                print(
                    f"no feedback request within {feedback_wait:.0f} s: "
                    "the feedback page is not timed"
                )
        other = next(p["participant_id"] for p in profiles[count // 2 :] if p["role"] == "junior")
        return World(PROGRAM_ID, participant_id, pair_id, round_id, session_id, request_id, other)


async def _paired_local_user(matching: httpx.AsyncClient) -> tuple[str, str]:
    for local_ids in (LOCAL_PARTICIPANTS["junior"], LOCAL_PARTICIPANTS["senior"]):
        for participant_id in local_ids:
            answer = await matching.get(
                f"/programs/{PROGRAM_ID}/pairs", params={"participant": participant_id}
            )
            answer.raise_for_status()
            if answer.json()["items"]:
                return participant_id, str(answer.json()["items"][0]["pair_id"])
    raise RuntimeError("none of the local participants was paired in the round")


async def _until(what: str, probe: Any, timeout: float = 900.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = await probe()
        if found:
            return found
        await asyncio.sleep(1.0)
    raise TimeoutError(f"timed out waiting for {what}")


async def _first_session(
    schedule: httpx.AsyncClient, participant_id: str, wait: float
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await schedule.get(f"/participants/{participant_id}/sessions")
        answer.raise_for_status()
        sessions = [s for series in answer.json() for s in series["sessions"]]
        return sessions[0] if sessions else None

    found: dict[str, Any] = await _until("the participant's sessions", probe, wait)
    return found


async def _move_clocks_past(
    stack: LocalStack, admin: dict[str, str], session: dict[str, Any]
) -> None:
    """Every service's movable clock to just after the session, as the demo moves them."""
    after = datetime.fromisoformat(session["end"]).astimezone(UTC) + timedelta(minutes=5)
    async with httpx.AsyncClient(headers=admin, timeout=60) as http:
        clock = (await http.get(stack.url("scheduling") + "/admin/clock")).json()
        if datetime.fromisoformat(clock["now"]) >= after:
            return
        for name in SERVICES:
            moved = await http.post(
                stack.url(name) + "/admin/clock", json={"now": after.isoformat()}
            )
            moved.raise_for_status()


async def _held_with_feedback(
    schedule: httpx.AsyncClient,
    feedback: httpx.AsyncClient,
    session: dict[str, Any],
    participant_id: str,
    wait: float,
) -> str:
    """The first session held, then its feedback request."""
    done = await schedule.post(f"/sessions/{session['session_id']}/complete", json={"minutes": 50})
    done.raise_for_status()

    async def probe() -> str | None:
        answer = await feedback.get(f"/participants/{participant_id}/feedback-requests")
        answer.raise_for_status()
        return str(answer.json()[0]["request_id"]) if answer.json() else None

    request_id: str = await _until("the feedback request", probe, timeout=wait)
    return request_id
