"""Paged lists at enterprise size: how long a page of a large program's participants takes.

Starts Kafka, SecantusDB (in memory) and the matching service, imports N participants into one
program, then times the console's reads over HTTP: every page of the participant list, pages
filtered by role and status, searches, the pairs list and a participant's own programs.

    .venv/bin/python -m bench.lists.run --participants 10000
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr

from deploy.local.infra import KafkaServer, MongoServer
from services.matching.bootstrap import MatchingSettings, create_app
from shared.events import all_topics
from shared.http.auth import issue_token

SECRET = "bench-lists-secret-with-enough-length"
PROGRAM = "big"


def person(n: int) -> dict[str, Any]:
    role = "senior" if n % 3 == 0 else "junior"
    return {
        "participant_id": f"e-{n:06d}",
        "role": role,
        "display_name": f"Colleague {n:06d}",
        "email": f"e{n}@example.com",
        "department": ["Sales", "IT", "Finance", "Legal", "Operations"][n % 5],
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": 7 if role == "senior" else 2,
        "skills_offered": [{"skill": "negotiation", "level": 4}],
        "learning_goals": [{"skill": "generative ai", "priority": 3}],
        "availability": [{"day": "tue", "start": "09:00", "end": "12:00"}],
    }


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=60)


async def timed(http: httpx.AsyncClient, path: str, params: dict[str, Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    response = await http.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code} {response.text[:200]}")
    return elapsed, response.json()


def line(label: str, samples: list[float], note: str = "") -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"{label:<46} n={len(samples):>4}  p50 {statistics.median(samples):7.1f} ms  "
        f"p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms  {note}"
    )


async def walk(http: httpx.AsyncClient, path: str, params: dict[str, Any]) -> list[float]:
    samples: list[float] = []
    query = dict(params)
    while True:
        elapsed, page = await timed(http, path, query)
        samples.append(elapsed)
        if page["next_cursor"] is None:
            return samples
        query["cursor"] = page["next_cursor"]


async def measure(url: str, count: int, repeats: int) -> None:
    admin = issue_token(
        secret=SECRET,
        issuer="twoway-local",
        audience="twoway",
        subject="hr",
        roles=["platform_admin"],
    )
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {admin}"}, timeout=300
    ) as http:
        launch = {
            "program_id": PROGRAM,
            "settings": {
                "name": "Enterprise program",
                "region": "emea",
                "timezone": "Europe/Berlin",
                "locales": ["en"],
                "start_date": "2026-03-02",
                "end_date": "2036-09-01",
            },
        }
        (await http.post("/programs", json=launch)).raise_for_status()
        started = time.perf_counter()
        for first in range(0, count, 1000):
            batch = [person(n) for n in range(first, min(first + 1000, count))]
            response = await http.post(
                f"/programs/{PROGRAM}/participants/bulk", json={"participants": batch}
            )
            response.raise_for_status()
        print(f"imported {count} participants in {time.perf_counter() - started:.1f} s")

        path = f"/programs/{PROGRAM}/participants"
        first_pages = [(await timed(http, path, {"limit": 50}))[0] for _ in range(repeats)]
        line("participants: first page (limit 50)", first_pages, "with counts and total")
        line("participants: every page (limit 50)", await walk(http, path, {"limit": 50}))
        line("participants: every page (limit 200)", await walk(http, path, {"limit": 200}))
        juniors = [(await timed(http, path, {"role": "junior"}))[0] for _ in range(repeats)]
        line("participants: role=junior, first page", juniors)
        active = [(await timed(http, path, {"status": "active"}))[0] for _ in range(repeats)]
        line("participants: status=active, first page", active)
        searches = []
        for n in range(repeats):
            elapsed, page = await timed(http, path, {"q": f"colleague {n * 97 % count:06d}"})
            assert page["total"] == 1, page["total"]
            searches.append(elapsed)
        line("participants: q=<one display name>", searches, "(substring search)")
        departments = [(await timed(http, path, {"q": "finance"}))[0] for _ in range(repeats)]
        line("participants: q=finance (a fifth match)", departments)
        programs = [(await timed(http, "/programs", {}))[0] for _ in range(repeats)]
        line("programs: first page", programs)
        started = time.perf_counter()
        response = await http.post(f"/programs/{PROGRAM}/rounds", json={})
        response.raise_for_status()
        made = len(response.json()["pairs"])
        print(f"one round: {made} pairs in {time.perf_counter() - started:.1f} s")
        pairs_path = f"/programs/{PROGRAM}/pairs"
        pairs = [(await timed(http, pairs_path, {}))[0] for _ in range(repeats)]
        line("pairs: first page (limit 50)", pairs, f"of {made}")
        line("pairs: every page (limit 200)", await walk(http, pairs_path, {"limit": 200}))
        active = [(await timed(http, pairs_path, {"status": "active"}))[0] for _ in range(repeats)]
        line("pairs: status=active, first page", active)
        one = [
            (await timed(http, pairs_path, {"participant": f"e-{n * 3:06d}"}))[0]
            for n in range(repeats)
        ]
        line("pairs: participant=<one id>", one)
        programs = [(await timed(http, "/programs", {}))[0] for _ in range(repeats)]
        line("programs: first page, after the round", programs)
        member = issue_token(
            secret=SECRET,
            issuer="twoway-local",
            audience="twoway",
            subject="e-000042",
            roles=["participant"],
        )
        headers = {"Authorization": f"Bearer {member}"}
        own = []
        for _ in range(repeats):
            started = time.perf_counter()
            (await http.get("/participants/e-000042/programs", headers=headers)).raise_for_status()
            own.append((time.perf_counter() - started) * 1000)
        line("participant: my programs", own)


async def main_async(args: argparse.Namespace) -> None:
    prefix = f"bl{uuid.uuid4().hex[:8]}."
    with (
        tempfile.TemporaryDirectory() as work,
        KafkaServer(Path(work) / "kafka", partitions=2) as kafka,
        MongoServer(":memory:") as db,
    ):
        kafka.create_topics(dict(all_topics(prefix)))
        settings = MatchingSettings(
            kafka_bootstrap_servers=kafka.bootstrap_servers,
            mongo_uri=SecretStr(db.uri),
            mongo_database="bench_lists",
            topic_prefix=prefix,
            auth_hs256_secret=SecretStr(SECRET),
            log_level="WARNING",
        )
        async with serving(create_app(settings)) as url:
            await measure(url, args.participants, args.repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
