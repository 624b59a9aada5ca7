"""The matching service on the real broker and database: rounds, by request, by themselves
and replayed after a crash."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from services.matching.adapters.mongo_matching import MongoMatchingStore
from services.matching.application.pairs import PairLifecycle
from services.matching.application.rounds import AUTO_COOLDOWN, RoundRunner
from services.matching.bootstrap import create_app
from shared.clock import FixedClock
from shared.observability.metrics import ServiceMetrics
from shared.storage.outbox import Outbox
from tests.integration.matching.matching_env import (
    NOW,
    PLATFORM,
    ended_pairs,
    pair_events,
    person,
    program_body,
    wait_for,
)
from tests.support.kafka_tools import create_topics, unique_prefix
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration


async def test_join_then_round_publishes_pair_created_with_reasons(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
            for body in (person("j1", "junior", 2), person("s1", "senior", 7)):
                response = await http.post("/programs/emea/participants", json=body)
                assert response.status_code == 201, response.text
            result = (await http.post("/programs/emea/rounds", json={})).json()
    assert result["status"] == "published"
    assert [(p["junior_id"], p["senior_id"]) for p in result["pairs"]] == [("j1", "s1")]
    assert result["report"]["senior_match_rate"] == 1.0
    events = await pair_events(env, 1)
    assert [e.event_type for e in events] == ["PairCreated"]
    assert events[0].pair_id == result["pairs"][0]["pair_id"]
    assert any("generative ai" in r.text for r in events[0].reasons)


async def test_a_round_runs_by_itself_once_enough_seniors_wait(env: dict[str, Any]) -> None:
    # Every program is looked at once an hour: the joins themselves wake the check. One
    # partition keeps every join in order, so the sentinels below are looked at after emea.
    single = {**env, "prefix": unique_prefix()}
    await create_topics(env["bootstrap"], single["prefix"], partitions=1)
    settings = env["settings"].model_copy(
        update={"auto_round_check_seconds": 3600, "topic_prefix": single["prefix"]}
    )
    rounds = env["db"]["rounds"]
    async with running_service(create_app(settings)) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            # Sentinels: programs that pair at one waiting senior, looked at after emea (by
            # id) and each in a look that starts after the one before has ended.
            for program_id in ("emea", "zz-sentinel-1", "zz-sentinel-2"):
                body = program_body(program_id)
                body["policy"]["auto_round_min_waiting"] = 2 if program_id == "emea" else 1
                assert (await http.post("/programs", json=body)).status_code == 201
            for program_id, junior in (("emea", "j1"), ("emea", "j2"), ("zz-sentinel-1", "j3"),
                                       ("zz-sentinel-2", "j4")):  # fmt: skip
                joined = await http.post(
                    f"/programs/{program_id}/participants", json=person(junior, "junior", 2)
                )
                assert joined.is_success
            assert (
                await http.post("/programs/emea/participants", json=person("s1", "senior", 7))
            ).is_success
            for program_id, senior in (("zz-sentinel-1", "s3"), ("zz-sentinel-2", "s4")):
                joined = await http.post(
                    f"/programs/{program_id}/participants", json=person(senior, "senior", 7)
                )
                assert joined.is_success

                async def sentinel_round(program_id: str = program_id) -> int:
                    return await rounds.count_documents({"program_id": program_id})

                await wait_for(sentinel_round)
            # Checked at the join: one senior waiting is not enough.
            assert await rounds.count_documents({"program_id": "emea"}) == 0
            assert (
                await http.post("/programs/emea/participants", json=person("s2", "senior", 7))
            ).is_success
            events = await pair_events(single, 4)
    assert sorted(e.senior_id for e in events if e.program_id == "emea") == ["s1", "s2"]
    assert await rounds.count_documents({"program_id": "emea"}) == 1


class KeptEvents:
    """A publisher that keeps what it is given."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    async def publish(self, event: Any) -> None:
        self.events.append(event)

    async def publish_many(self, events: Any) -> None:
        self.events.extend(events)


async def test_seniors_nobody_could_take_wait_for_the_cooldown_before_another_round(
    env: dict[str, Any],
) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
            people = [person("j1", "junior", 2), person("s1", "senior", 7)]
            people.append(person("s2", "senior", 7))  # nobody left for this one
            outcome = await http.post(
                "/programs/emea/participants/bulk", json={"participants": people}
            )
            assert [o["status"] for o in outcome.json()] == ["joined"] * 3
    await env["db"]["programs"].update_one(
        {"_id": "emea"}, {"$set": {"policy.auto_round_min_waiting": 1}}
    )
    clock = FixedClock(NOW)
    kept = KeptEvents()
    store = MongoMatchingStore(env["db"], Outbox(kept))  # type: ignore[arg-type]
    metrics = ServiceMetrics("matching")
    runner = RoundRunner(store, clock, metrics, PairLifecycle(store, clock, metrics), "checker")
    assert await store.count_waiting_seniors("emea") == 2

    await runner.auto_rounds()  # the look at every program: a round
    assert [e.event_type for e in kept.events] == ["PairCreated", "MatchingRoundCompleted"]
    assert await store.count_waiting_seniors("emea") == 1  # s2, whom nobody can take

    runner.participant_changed("emea")
    await runner.changed_rounds()  # one waits, but the program is in its cooldown
    await runner.auto_rounds()
    assert await env["db"]["rounds"].count_documents({}) == 1

    clock.advance(AUTO_COOLDOWN)
    runner.participant_changed("emea")
    await runner.changed_rounds()  # over: s2 is counted and given another chance
    assert await env["db"]["rounds"].count_documents({}) == 2
    assert kept.events[-1].event_type == "MatchingRoundCompleted"
    assert kept.events[-1].pairs_created == 0


async def test_round_replayed_after_a_crash_gives_the_same_pair_ids(env: dict[str, Any]) -> None:
    """The first attempt dies between recording pairs and publishing; nothing is lost or new."""

    class BrokenPublisher:
        async def publish(self, event: Any) -> None:
            raise ConnectionError("broker went away")

        async def publish_many(self, events: Any) -> None:
            raise ConnectionError("broker went away")

    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea"))
            bulk = [person(f"j{i}", "junior", 2) for i in range(3)] + [
                person(f"s{i}", "senior", 7) for i in range(3)
            ]
            outcome = await http.post(
                "/programs/emea/participants/bulk", json={"participants": bulk}
            )
            assert [o["status"] for o in outcome.json()] == ["joined"] * 6
            dry = (await http.post("/programs/emea/rounds", json={"dry_run": True})).json()
    planned = sorted(p["pair_id"] for p in dry["pairs"])
    assert len(planned) == 3

    store = MongoMatchingStore(env["db"], Outbox(BrokenPublisher()))  # type: ignore[arg-type]
    metrics = ServiceMetrics("matching")
    runner = RoundRunner(
        store,
        FixedClock(NOW),
        metrics,
        PairLifecycle(store, FixedClock(NOW), metrics),
        instance_id="crashing",
    )
    with pytest.raises(ConnectionError):
        await runner.run("emea", dry_run=False, correlation_id=uuid.uuid4())
    recorded = sorted([d["_id"] async for d in env["db"]["pairs"].find({})])
    assert recorded == planned

    async with running_service(create_app(env["settings"])) as url:  # restart: relay replays
        await wait_until_ready(url)
        events = await pair_events(env, 3)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            again = (await http.post("/programs/emea/rounds", json={})).json()
    assert sorted(e.pair_id for e in events if e.event_type == "PairCreated") == planned
    assert again["pairs"] == []  # everyone is already paired: nothing new, nothing twice
    assert await env["db"]["pairs"].count_documents({}) == 3


async def test_approval_mode_waits_for_the_admin_before_pair_created(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            await http.post("/programs", json=program_body("emea", approval="admin"))
            await http.post(
                "/programs/emea/participants/bulk",
                json={"participants": [person("j1", "junior", 2), person("s1", "senior", 7)]},
            )
            proposed = (await http.post("/programs/emea/rounds", json={})).json()
            assert proposed["status"] == "proposed"
            approved = await http.post(
                f"/programs/emea/rounds/{proposed['round_id']}/approve", json={}
            )
            assert [p["status"] for p in approved.json()] == ["active"]
            # The sentinel: the pair ends, on its own key, after the approval.
            [pair] = approved.json()
            ended = await http.post(f"/programs/emea/pairs/{pair['pair_id']}/end", json={})
            assert ended.status_code == 200, ended.text
    events = await ended_pairs(env, {"emea"})
    # Had the proposal announced the pair, a PairCreated would come before the approved one.
    assert [e.event_type for e in events] == ["PairCreated", "PairEnded"]
