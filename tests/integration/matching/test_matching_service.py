"""The matching service on the real broker and database."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.matching.adapters.mongo_matching import MongoMatchingStore
from services.matching.application.pairs import PairLifecycle
from services.matching.application.rounds import AUTO_COOLDOWN, RoundRunner
from services.matching.bootstrap import MatchingSettings, create_app
from shared.clock import FixedClock
from shared.events import PairAtRisk, ParticipantJoined, decode_event
from shared.http.auth import issue_token
from shared.observability.metrics import ServiceMetrics
from shared.storage.outbox import Outbox
from tests.support.kafka_tools import collect, create_topics, produce_events, unique_prefix
from tests.support.service_runner import running_service, wait_until_ready
from tests.support.service_settings import quick_settings
from tests.unit.shared.sample_events import PROFILE

pytestmark = pytest.mark.integration

SECRET = "matching-test-secret-with-enough-length"
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def token(roles: list[str], subject: str = "admin-1", **claims: Any) -> dict[str, str]:
    jwt = issue_token(
        secret=SECRET,
        issuer="twoway-local",
        audience="twoway",
        subject=subject,
        roles=roles,
        **claims,
    )
    return {"Authorization": f"Bearer {jwt}"}


PLATFORM = token(["platform_admin"])


def program_body(program_id: str, region: str = "EMEA", approval: str = "auto") -> dict[str, Any]:
    return {
        "program_id": program_id,
        "settings": {
            "name": "Reverse mentoring",
            "region": region,
            "timezone": "Europe/Berlin",
            "locales": ["en"],
            "start_date": "2026-03-02",
            "end_date": "2036-09-01",
            "approval_mode": approval,
        },
        "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
    }


def person(pid: str, role: str, level: int, **extra: Any) -> dict[str, Any]:
    base = {
        "participant_id": pid,
        "role": role,
        "display_name": f"Person {pid}",
        "email": f"{pid}@example.com",
        "department": "Sales" if role == "senior" else "IT",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": level,
        "skills_offered": [{"skill": "generative ai", "level": 4}]
        if role == "junior"
        else [{"skill": "negotiation", "level": 5}],
        "learning_goals": [{"skill": "negotiation", "priority": 3}]
        if role == "junior"
        else [{"skill": "generative ai", "priority": 5}],
        "availability": [{"day": "tue", "start": "09:00", "end": "12:00"}],
    }
    base.update(extra)
    return base


@pytest.fixture
async def env(kafka_server: Any, mongo_server: Any) -> AsyncIterator[dict[str, Any]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=2)
    settings = quick_settings(
        MatchingSettings,
        bootstrap=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        prefix=prefix,
        secret=SECRET,
    )
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    yield {
        "settings": settings,
        "prefix": prefix,
        "bootstrap": kafka_server.bootstrap_servers,
        "db": client[settings.database_name],
    }
    await client.close()


async def pair_events(env: dict[str, Any], n: int, timeout: float = 20) -> list[Any]:
    records = await collect(
        env["bootstrap"], env["prefix"] + "pairs", until=lambda r: len(r) >= n, timeout=timeout
    )
    return [decode_event(r.value) for r in records]


async def ended_pairs(env: dict[str, Any], programs: set[str]) -> list[Any]:
    """The pairs topic up to a PairEnded of each of these programs."""

    def ended(records: list[Any]) -> bool:
        events = [decode_event(r.value) for r in records]
        return {e.program_id for e in events if e.event_type == "PairEnded"} >= programs

    records = await collect(env["bootstrap"], env["prefix"] + "pairs", until=ended)
    assert ended(records), f"no PairEnded for every one of {sorted(programs)}"
    return [decode_event(r.value) for r in records]


async def wait_for(probe: Any, timeout: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := await probe()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)
    return value


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


def test_fixture_dates_are_sane() -> None:
    assert date(2026, 3, 2).weekday() == 0
    assert json.dumps(program_body("x"))
