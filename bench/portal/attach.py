"""Timing the portal's pages on a stack the benchmark already loaded (its temporary run
directory), without waiting for every series to be planned: pages that need a session or a
feedback request are left out until the participant has one.

    .venv/bin/python -m bench.portal.attach <run dir> [--screenshots docs]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

import httpx

from bench.portal.run import measure_pages
from bench.portal.stack import LocalStack
from bench.portal.world import LOCAL_PARTICIPANTS, PROGRAM_ID, World


async def found_world(stack: LocalStack) -> World:
    admin = stack.bearer("bench-admin", ["platform_admin"])
    async with httpx.AsyncClient(headers=admin, timeout=120) as http:
        matching = stack.url("matching")
        rounds = (await http.get(f"{matching}/programs/{PROGRAM_ID}/rounds")).json()["items"]
        people = await http.get(
            f"{matching}/programs/{PROGRAM_ID}/participants", params={"role": "junior"}
        )
        some = str(people.json()["items"][-1]["participant_id"])
        for participant_id in LOCAL_PARTICIPANTS["junior"] + LOCAL_PARTICIPANTS["senior"]:
            pairs = await http.get(
                f"{matching}/programs/{PROGRAM_ID}/pairs", params={"participant": participant_id}
            )
            if pairs.json()["items"]:
                pair_id = str(pairs.json()["items"][0]["pair_id"])
                break
        else:
            raise RuntimeError("none of the local participants was paired")
        series = await http.get(f"{stack.url('scheduling')}/participants/{participant_id}/sessions")
        sessions = [s for one in series.json() for s in one["sessions"]]
        asked = await http.get(
            f"{stack.url('feedback')}/participants/{participant_id}/feedback-requests"
        )
        return World(
            program_id=PROGRAM_ID,
            participant_id=participant_id,
            pair_id=pair_id,
            round_id=str(rounds[0]["round_id"]),
            session_id=str(sessions[0]["session_id"]) if sessions else "",
            request_id=str(asked.json()[0]["request_id"]) if asked.json() else "",
            some_participant_id=some,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    state = json.loads((args.run_dir / "stack.json").read_text(encoding="utf-8"))
    stack = LocalStack(
        args.run_dir, {str(row["name"]): str(row["address"]) for row in state["processes"]}
    )
    world = asyncio.run(found_world(stack))
    asyncio.run(measure_pages(stack, world, args.repeats, args.screenshots))


if __name__ == "__main__":
    main()
