"""Pairs end with their program, or when an admin ends one at risk; the next round never
pairs them again."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from services.matching.bootstrap import create_app
from shared.clock import FixedClock
from shared.events import PairAtRisk
from tests.integration.matching.matching_env import (
    NOW,
    PLATFORM,
    ended_pairs,
    pair_events,
    person,
    program_body,
)
from tests.support.kafka_tools import produce_events
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration


async def test_pairs_end_with_their_program(env: dict[str, Any]) -> None:
    settings = env["settings"].model_copy(update={"auto_round_check_seconds": 0.2})
    clock = FixedClock(NOW)
    # Every look at the programs goes through them by id: the sentinels come after emea.
    ends = {"emea": "2026-09-01", "zz-sentinel-1": "2026-08-31", "zz-sentinel-2": "2026-09-30"}
    async with running_service(create_app(settings, clock=clock)) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            pair_of: dict[str, Any] = {}
            for n, (program_id, end) in enumerate(ends.items()):
                body = program_body(program_id)
                body["settings"]["end_date"] = end
                assert (await http.post("/programs", json=body)).status_code == 201
                for body_ in (person(f"j{n}", "junior", 2), person(f"s{n}", "senior", 7)):
                    joined = await http.post(f"/programs/{program_id}/participants", json=body_)
                    assert joined.is_success
                rounds = await http.post(f"/programs/{program_id}/rounds", json={})
                [pair_of[program_id]] = rounds.json()["pairs"]
            clock.advance(timedelta(days=183))  # 2026-09-01, emea's last day: still on
            await ended_pairs(env, {"zz-sentinel-1"})
            # A look that starts after that one: the second sentinel's program now ends too.
            body = program_body("zz-sentinel-2")
            body["settings"]["end_date"] = "2026-08-31"
            changed = await http.patch(
                "/programs/zz-sentinel-2", json={"settings": body["settings"]}
            )
            assert changed.status_code == 200, changed.text
            await ended_pairs(env, {"zz-sentinel-1", "zz-sentinel-2"})
            pair = pair_of["emea"]
            assert (await http.get(f"/programs/emea/pairs/{pair['pair_id']}")).json()[
                "status"
            ] == "active"
            clock.advance(timedelta(days=1))  # the day after the last, in Berlin
            events = await ended_pairs(env, {"zz-sentinel-1", "zz-sentinel-2", "emea"})
            view = (await http.get(f"/programs/emea/pairs/{pair['pair_id']}")).json()
    events = [e for e in events if e.program_id == "emea"]
    assert [e.event_type for e in events] == ["PairCreated", "PairEnded"]
    assert events[1].reason == "program_ended"
    assert view["status"] == "ended"
    assert view["ended_reason"] == "program_ended"


async def test_pair_at_risk_ends_the_pair_and_the_next_round_never_repeats_it(
    env: dict[str, Any],
) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea"))
            await http.post(
                "/programs/emea/participants/bulk",
                json={
                    "participants": [
                        person("j1", "junior", 2),
                        person("j2", "junior", 2),
                        person("s1", "senior", 7),
                    ]
                },
            )
            first = (await http.post("/programs/emea/rounds", json={})).json()
            [pair] = first["pairs"]
            risk = PairAtRisk(
                event_id=uuid.uuid4(),
                occurred_at=NOW,
                program_id="emea",
                correlation_id=uuid.uuid4(),
                pair_id=pair["pair_id"],
                junior_id=pair["junior_id"],
                senior_id=pair["senior_id"],
                health_score=0.2,
                reasons=["low_ratings"],
                episode=1,
            )
            await produce_events(env["bootstrap"], env["prefix"], [risk, risk])
            for _ in range(100):
                ended = (await http.get(f"/programs/emea/pairs/{pair['pair_id']}")).json()
                if ended["status"] == "ended":
                    break
                await asyncio.sleep(0.1)
            second = (await http.post("/programs/emea/rounds", json={})).json()
    assert ended["ended_reason"] == "at_risk"
    [rematch] = second["pairs"]
    assert rematch["replaces_pair_id"] == pair["pair_id"]
    assert rematch["senior_id"] == "s1"
    assert rematch["junior_id"] != pair["junior_id"]
    events = await pair_events(env, 3)
    assert [e.event_type for e in events].count("PairEnded") == 1
    created = [e for e in events if e.event_type == "PairCreated"]
    replacing = {e.pair_id: e.replaces_pair_id for e in created}  # partitions: any order
    assert replacing == {pair["pair_id"]: None, rematch["pair_id"]: pair["pair_id"]}
