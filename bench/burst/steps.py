"""The burst's steps through the services' APIs: import a program, run a round, wait."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx

from bench.burst import people
from bench.burst.people import Roster
from bench.burst.stack import BurstStack


async def until(probe: Callable[[], Awaitable[bool]], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await probe():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        await asyncio.sleep(0.5)


async def import_program(api: httpx.AsyncClient, roster: Roster, start: date) -> None:
    program = roster.program
    response = await api.post("/programs", json=people.launch_body(program, start))
    response.raise_for_status()
    rows = roster.rows
    chunks = [rows[first : first + 100] for first in range(0, len(rows), 100)]
    gate = asyncio.Semaphore(4)

    async def send(chunk: list[dict[str, Any]]) -> None:
        async with gate:
            path = f"/programs/{program.program_id}/participants/bulk"
            answer = await api.post(path, json={"participants": chunk}, timeout=300)
            answer.raise_for_status()

    await asyncio.gather(*(send(chunk) for chunk in chunks))


ROUND_ATTEMPTS = 5


async def run_round(api: httpx.AsyncClient, program_id: str) -> list[dict[str, Any]]:
    """Run one round as the console does: a 503 says the service's database or broker did
    not answer in time and when to try again, so the request is made again after that
    (each retry printed); any other refusal stops the benchmark. A 503 may come after the
    round stored its pairs (the next request then finds everyone paired), so after a retry
    the pairs are the program's live ones as the API lists them."""
    for attempt in range(1, ROUND_ATTEMPTS + 1):
        response = await api.post(f"/programs/{program_id}/rounds", json={}, timeout=1800)
        if response.status_code != 503 or attempt == ROUND_ATTEMPTS:
            break
        wait = float(response.headers.get("Retry-After", "5"))
        error = response.json().get("error", "?")
        print(f"round request {attempt} answered 503 ({error}); asking again in {wait:g} s")
        await asyncio.sleep(wait)
    response.raise_for_status()
    if attempt == 1:
        return list(response.json()["pairs"])
    return await live_pairs(api, program_id)


async def live_pairs(api: httpx.AsyncClient, program_id: str) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = {"status": "active", "limit": "200", **({"cursor": cursor} if cursor else {})}
        response = await api.get(f"/programs/{program_id}/pairs", params=params)
        response.raise_for_status()
        page = response.json()
        pairs += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return pairs


async def first_session(burst: BurstStack, pair_id: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=burst.url("scheduling"), headers=burst.admin) as api:
        found: list[dict[str, Any]] = []

        async def listed() -> bool:
            response = await api.get(f"/pairs/{pair_id}/sessions")
            if response.status_code == 200:
                found[:] = response.json().get("sessions", [])
            return bool(found)

        await until(listed, "the small pair's sessions", 120)
    return found[0]
