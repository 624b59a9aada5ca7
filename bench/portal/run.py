"""Portal pages at enterprise size: how long each page of the web console and the participant
portal takes with a large program loaded, signed in through the real local OpenID provider.

Starts the local stack (Kafka, SecantusDB, the OpenID provider, the four services, the portal) in
a temporary run directory, imports N people through the API, runs a round, holds one session,
then times repeated GETs of every page as the local `admin` and as a paired local participant.

    .venv/bin/python -m bench.portal.run --participants 10000
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import re
import statistics
import time
from pathlib import Path

import httpx

from bench.portal.machine import print_cpu, read_cpu, stack_pids, wait_until_quiet
from bench.portal.screenshots import take_screenshots
from bench.portal.sign_in import signed_in_client
from bench.portal.stack import LocalStack, local_stack
from bench.portal.upstream import print_latencies, print_page_breakdown, read_latencies
from bench.portal.world import FEEDBACK_WAIT, SESSIONS_WAIT, World, load

BUDGET_MS = 300.0
UNAVAILABLE = 'class="failure unavailable"'


def admin_pages(world: World, later_page: str) -> list[tuple[str, str]]:
    program = f"/admin/programs/{world.program_id}"
    return [
        ("admin: programs", "/admin/programs"),
        ("admin: program", program),
        ("admin: participants, first page", f"{program}/participants"),
        ("admin: participants, a later page", later_page),
        ("admin: participants, q=schmidt", f"{program}/participants?q=schmidt"),
        (
            "admin: participants, q=<one id>",
            f"{program}/participants?q={world.some_participant_id}",
        ),
        ("admin: participants, senior+active", f"{program}/participants?role=senior&status=active"),
        ("admin: one participant", f"{program}/participants/{world.some_participant_id}"),
        ("admin: matching", f"{program}/matching"),
        ("admin: a round", f"{program}/rounds/{world.round_id}"),
        ("admin: pairs", f"{program}/pairs"),
        ("admin: a pair", f"{program}/pairs/{world.pair_id}"),
        ("admin: health", f"{program}/health"),
        ("admin: insights", f"{program}/insights"),
        ("admin: policy", f"{program}/policy"),
    ]


def participant_pages(world: World) -> list[tuple[str, str]]:
    mine = f"/me/programs/{world.program_id}"
    return [
        ("participant: home", "/me"),
        ("participant: profile", f"{mine}/profile"),
        ("participant: partner", f"{mine}/pairs/{world.pair_id}"),
        ("participant: sessions", "/me/sessions"),
        ("participant: a session", f"/me/sessions/{world.session_id}"),
        ("participant: feedback", f"/me/feedback/{world.request_id}"),
        ("participant: inbox", "/me/inbox"),
        ("participant: preferences", "/me/preferences"),
    ]


async def get_page(client: httpx.AsyncClient, path: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = await client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or response.history:
        raise RuntimeError(f"{path}: HTTP {response.status_code} (after {len(response.history)})")
    return elapsed, response.text


async def later_page_of(client: httpx.AsyncClient, first_page: str, hops: int) -> str:
    """The participants list `hops` pages in, by following the page's own "next" links."""
    path = first_page
    for _ in range(hops):
        _, text = await get_page(client, path)
        links = re.findall(r'href="([^"]*/participants\?[^"]*cursor=[^"]*)"', text)
        if not links:
            break
        path = html.unescape(links[-1])
    return path


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def time_pages(
    client: httpx.AsyncClient, pages: list[tuple[str, str]], repeats: int, stack: LocalStack
) -> list[str]:
    over: list[str] = []
    for label, path in pages:
        _, text = await get_page(client, path)  # warm: the services' snapshots, the templates
        if UNAVAILABLE in text:
            print(f"  note: {label} shows a part as unavailable")
        before = await read_latencies(stack)
        samples = [(await get_page(client, path))[0] for _ in range(repeats)]
        after = await read_latencies(stack)
        p95 = percentile(samples, 0.95)
        flag = "  OVER 300 ms" if p95 > BUDGET_MS else ""
        print(
            f"{label:<40} p50 {statistics.median(samples):7.1f} ms  p95 {p95:7.1f} ms  "
            f"max {max(samples):7.1f} ms{flag}",
            flush=True,
        )
        print_page_breakdown(before, after, repeats)
        if flag:
            over.append(label)
    return over


async def measure(
    stack: LocalStack,
    count: int,
    repeats: int,
    seed: int,
    settle: float,
    shots: Path | None,
    sessions_wait: float = SESSIONS_WAIT,
    quiet: float = 0.5,
    feedback_wait: float = FEEDBACK_WAIT,
) -> list[str]:
    world = await load(stack, count, seed, sessions_wait, feedback_wait)
    # Moving the clocks past the first session sets off every pair's reminders, and a large
    # round keeps scheduling and notifications busy for minutes: time the pages once the
    # stack is quiet (or `settle` seconds have passed), as an admin would see them on a day
    # without a round of thousands running.
    waited, share = await wait_until_quiet(stack_pids(stack.run_dir), below=quiet, most=settle)
    print(f"\n{count} people")
    print(f"waited {waited:.0f} s for the stack to settle: it used {share:.2f} of a core then")
    return await measure_pages(stack, world, repeats, shots)


async def measure_pages(
    stack: LocalStack, world: World, repeats: int, shots: Path | None
) -> list[str]:
    portal = stack.url("portal")
    admin = await signed_in_client(portal, "admin")
    member = await signed_in_client(portal, world.participant_id)
    try:
        first = f"/admin/programs/{world.program_id}/participants"
        later = await later_page_of(admin, first, hops=5)
        print(f"{repeats} GETs per page after one warm-up; budget p95 300 ms")
        print(f"load average before timing: {_load()}")
        pids = stack_pids(stack.run_dir)
        cpu = read_cpu(pids)
        before = await read_latencies(stack)
        over = await time_pages(admin, admin_pages(world, later), repeats, stack)
        mine = participant_pages(world)
        missing = [label for label, path in mine if path.endswith("/")]
        if missing:
            print(f"  not timed (no session or feedback request yet): {', '.join(missing)}")
        mine = [(label, path) for label, path in mine if not path.endswith("/")]
        over += await time_pages(member, mine, repeats, stack)
        print(f"load average after timing: {_load()}")
        print_cpu(cpu, read_cpu(pids))
        print_latencies(before, await read_latencies(stack))
        if shots is not None:
            saved = await take_screenshots(portal, world.participant_id, shots)
            print("screenshots: " + ", ".join(str(path) for path in saved))
    finally:
        await admin.aclose()
        await member.aclose()
    return over


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--screenshots", type=Path, help="save the README's pictures here")
    parser.add_argument(
        "--settle", type=float, default=120.0, help="at most this many seconds before timing"
    )
    parser.add_argument(
        "--feedback-wait",
        type=float,
        default=FEEDBACK_WAIT,
        help="seconds to wait for the held session's feedback request before timing without it",
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=0.5,
        help="time the pages once the stack uses less than this share of a core",
    )
    parser.add_argument(
        "--sessions-wait",
        type=float,
        default=SESSIONS_WAIT,
        help="seconds to wait for the local participant's sessions before timing without them",
    )
    args = parser.parse_args()
    if args.screenshots is not None:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    with local_stack() as stack:
        over = asyncio.run(
            measure(
                stack,
                args.participants,
                args.repeats,
                args.seed,
                args.settle,
                args.screenshots,
                args.sessions_wait,
                args.quiet,
                args.feedback_wait,
            )
        )
    if over:
        print(f"over the 300 ms budget at p95: {', '.join(over)}")
    else:
        print("every page within the 300 ms budget at p95")


if __name__ == "__main__":
    main()
