"""Programs and participants through matching's API on the real broker and database:
one participant per id, every problem of a bad one listed, regions kept apart, a policy
tried before it is saved."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest

from services.matching.bootstrap import create_app
from shared.events import ParticipantJoined, decode_event
from tests.integration.matching.matching_env import NOW, PLATFORM, person, program_body, token
from tests.support.kafka_tools import collect, produce_events
from tests.support.service_runner import running_service, wait_until_ready
from tests.unit.shared.sample_events import PROFILE

pytestmark = pytest.mark.integration


async def test_same_participant_joined_twice_gives_one_participant(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea"))
            joined = ParticipantJoined(
                event_id=uuid.uuid4(),
                occurred_at=NOW,
                program_id="emea",
                correlation_id=uuid.uuid4(),
                participant=PROFILE,
            )
            await produce_events(env["bootstrap"], env["prefix"], [joined, joined])
            repeat = await http.post(
                "/programs/emea/participants", json=PROFILE.model_dump(mode="json")
            )
            for _ in range(100):
                if await env["db"]["participants"].count_documents({"program_id": "emea"}):
                    break
                await asyncio.sleep(0.1)
            view = (await http.get("/programs/emea")).json()
    assert repeat.status_code in (200, 201)
    assert view["participants"] == {"active": 1}
    assert await env["db"]["participants"].count_documents({}) == 1


async def test_bad_participant_gets_422_listing_every_problem_and_nothing_is_written(
    env: dict[str, Any],
) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea"))
            bad = person(
                "j1",
                "junior",
                11,
                timezone="Mars/Olympus",
                languages=[],
                email="not-an-email",
                extra_field=1,
            )
            response = await http.post("/programs/emea/participants", json=bad)
            assert await env["db"]["participants"].count_documents({}) == 0
            sentinel = await http.post(
                "/programs/emea/participants", json=person("j2", "junior", 2)
            )
            assert sentinel.status_code == 201
    assert response.status_code == 422
    problems = {tuple(p["loc"][1:]) for p in response.json()["problems"]}
    assert {
        ("seniority_level",),
        ("timezone",),
        ("languages",),
        ("email",),
        ("extra_field",),
    } <= problems
    assert "not-an-email" not in response.text
    events = await collect(
        env["bootstrap"], env["prefix"] + "participants", until=lambda r: bool(r)
    )
    # The sentinel: a good join on the same key after the refused one is the first event.
    assert [decode_event(r.value).event_type for r in events] == ["ParticipantJoined"]
    assert decode_event(events[0].value).participant.participant_id == "j2"


async def test_program_admin_of_another_region_cannot_read_or_change_the_program(
    env: dict[str, Any],
) -> None:
    apac_admin = token(["program_admin"], regions=["APAC"])
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url) as http:
            assert (
                await http.post("/programs", json=program_body("emea"), headers=PLATFORM)
            ).status_code == 201
            assert (await http.get("/programs/emea", headers=apac_admin)).status_code == 403
            change = await http.patch(
                "/programs/emea", json={"policy": {"top_k": 5}}, headers=apac_admin
            )
            assert change.status_code == 403
            denied = await http.post(
                "/programs/emea/participants", json=person("j1", "junior", 2), headers=apac_admin
            )
            assert denied.status_code == 403
            launch = await http.post(
                "/programs", json=program_body("other", region="EMEA"), headers=apac_admin
            )
            assert launch.status_code == 403
            own = await http.post(
                "/programs", json=program_body("apac", region="APAC"), headers=apac_admin
            )
            assert own.status_code == 201
            assert (await http.get("/programs/emea")).status_code == 401


async def test_a_policy_is_tried_in_a_dry_run_before_it_is_saved(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea"))
            await http.post(
                "/programs/emea/participants/bulk",
                json={"participants": [person("j1", "junior", 2), person("s1", "senior", 7)]},
            )
            strict = {"min_seniority_gap": 9}
            tried = await http.post(
                "/programs/emea/rounds", json={"dry_run": True, "policy": strict}
            )
            saved = await http.post("/programs/emea/rounds", json={"dry_run": True})
            refused = await http.post("/programs/emea/rounds", json={"policy": strict})
            program = (await http.get("/programs/emea")).json()
    assert tried.status_code == 200
    assert tried.json()["pairs"] == []
    assert [u["participant_id"] for u in tried.json()["unmatched"]] == ["j1", "s1"]
    assert len(saved.json()["pairs"]) == 1
    assert refused.status_code == 422
    assert program["policy"]["min_seniority_gap"] == 2
    assert program["policy_version"] == 1


def test_fixture_dates_are_sane() -> None:
    assert date(2026, 3, 2).weekday() == 0
    assert json.dumps(program_body("x"))
