"""Enrolment from the company directory on the real stack: the directory, matching and
notifications as processes on real Kafka and SecantusDB.

An identity provider provisions a person with their language and time zone; an admin finds
them in the directory matching keeps and enrols them into two programs without typing a
profile. The IdP then renames them and changes their email: both programs carry the new name
and address, notifications' contact data follows, and each program's audit trail shows the
enrolment by the admin and the change by the identity-provider connection. Someone invited
instead of enrolled is told by email, in their language, where to answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiosmtpd.controller import Controller
from pymongo import AsyncMongoClient

from deploy.local.harness import Platform
from deploy.local.infra import free_port
from services.directory.entrypoints.connections import token_hash
from tests.e2e.platform_world import ADMIN, SECRET, SmtpSink, eventually, program_body, service_env
from tests.support.kafka_tools import create_topics, unique_prefix

pytestmark = pytest.mark.integration

TOKEN = "okta-connection-token-enrolment-end-to-end"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
STARTED = ("matching", "notifications", "directory")
PROGRAMS = ("enrol-emea", "enrol-global")
AWAKE_SOMEWHERE = (
    "Europe/Madrid",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "Pacific/Auckland",
    "Asia/Tokyo",
    "Asia/Kolkata",
)
"""Time zones around the world: one of them is in the day now, outside default quiet hours."""


@pytest.fixture(scope="module")
async def platform(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Platform, str, SmtpSink]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    smtp_port = free_port()
    sink = SmtpSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    suffix = f"_{prefix.strip('.')}"
    stack = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=Path(tmp_path_factory.mktemp("enrolment")),
        topic_prefix=prefix,
        database_suffix=suffix,
        auth_secret=SECRET,
        extra_env={
            **service_env(smtp_port),
            "TWOWAY_SCIM_CONNECTIONS": f"okta={token_hash(TOKEN)}",
        },
    )
    try:
        started = [stack.start(name, wait=False) for name in STARTED]
        for service in started:
            await asyncio.to_thread(stack.wait_ready, service)
        yield stack, suffix, sink
    finally:
        await asyncio.to_thread(stack.stop_all)
        smtp.stop()


@asynccontextmanager
async def clients(stack: Platform) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The IdP connection's SCIM client and a platform admin's matching client."""
    async with (
        httpx.AsyncClient(
            base_url=stack.url("directory"), headers={"Authorization": f"Bearer {TOKEN}"}
        ) as scim,
        httpx.AsyncClient(base_url=stack.url("matching"), headers=ADMIN, timeout=30) as api,
    ):
        yield scim, api


async def launch(api: httpx.AsyncClient, program_id: str, start: date) -> None:
    launched = await api.post("/programs", json=program_body(program_id, start))
    assert launched.status_code == 201, launched.text


async def test_a_directory_person_is_enrolled_without_retyping_and_a_rename_reaches_every_program(
    platform: tuple[Platform, str, SmtpSink], mongo_server: Any
) -> None:
    stack, suffix, _ = platform
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    async with clients(stack) as (scim, api):
        for program_id in PROGRAMS:
            await launch(api, program_id, start)
        created = await scim.post(
            "/scim/v2/Users",
            json={
                "schemas": [USER],
                "userName": "camille@corp.example",
                "displayName": "Camille Durand",
                "preferredLanguage": "fr-FR",
                "timezone": "Europe/Paris",
                "emails": [{"value": "camille@corp.example", "type": "work", "primary": True}],
                "active": True,
            },
        )
        assert created.status_code == 201, created.text
        person_id = created.json()["id"]

        async def found_in_directory() -> list[dict[str, Any]]:
            page = (await api.get("/directory/people", params={"q": "camille"})).json()
            return [p for p in page["items"] if p["person_id"] == person_id]

        [listed] = await eventually(found_in_directory, "the person in matching's directory")
        assert listed["enrollable"] is True
        assert (listed["language"], listed["timezone"]) == ("fr-FR", "Europe/Paris")

        for program_id in PROGRAMS:
            answer = await api.post(
                f"/programs/{program_id}/enrolments",
                json={"person_ids": [person_id], "role": "senior", "seniority_level": 6},
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["joined"] == 1
            view = (await api.get(f"/programs/{program_id}/participants/{person_id}")).json()
            profile = view["participant"]
            assert (profile["display_name"], profile["email"]) == (
                "Camille Durand",
                "camille@corp.example",
            )
            assert (profile["timezone"], profile["languages"], profile["locale"]) == (
                "Europe/Paris",
                ["fr-FR"],
                "fr",
            )

        renamed = await scim.patch(
            f"/scim/v2/Users/{person_id}",
            json={
                "schemas": [PATCH],
                "Operations": [
                    {"op": "replace", "path": "displayName", "value": "Camille Martin"},
                    {
                        "op": "replace",
                        "path": "emails",
                        "value": [{"value": "c.martin@corp.example", "type": "work"}],
                    },
                ],
            },
        )
        assert renamed.status_code == 200, renamed.text

        async def renamed_everywhere() -> bool:
            for program_id in PROGRAMS:
                view = (await api.get(f"/programs/{program_id}/participants/{person_id}")).json()
                profile = view["participant"]
                if (profile["display_name"], profile["email"]) != (
                    "Camille Martin",
                    "c.martin@corp.example",
                ):
                    return False
            return True

        await eventually(renamed_everywhere, "the new name and email in both programs")

        client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
        contacts = client[f"twoway_notifications{suffix}"]["contacts"]
        try:

            async def contact_follows() -> bool:
                doc = await contacts.find_one({"_id": person_id})
                return doc is not None and (doc["display_name"], doc["email"]) == (
                    "Camille Martin",
                    "c.martin@corp.example",
                )

            await eventually(contact_follows, "notifications' contact data to follow")
        finally:
            await client.close()

        trails: dict[str, list[dict[str, Any]]] = {}
        for program_id in PROGRAMS:

            async def recorded(program_id: str = program_id) -> list[dict[str, Any]] | None:
                page = (await api.get(f"/programs/{program_id}/audit")).json()
                actions = [e["action"] for e in page["items"]]
                return page["items"] if "participant.updated" in actions else None

            found = await eventually(recorded, f"the rename on {program_id}'s trail")
            trails[program_id] = found or []

    for items in trails.values():
        steps = [(e["actor_id"], e["action"]) for e in reversed(items)]
        assert steps[0] == ("ops-admin", "program.launched")
        assert ("ops-admin", "participants.enrolled") in steps
        assert ("scim:okta", "participant.updated") in steps
        update = next(e for e in items if e["action"] == "participant.updated")
        assert update["changes"] == {"fields": ["display_name", "email"]}
        assert "corp.example" not in str(items)


async def test_a_rule_enrols_the_directorys_people_of_a_department_as_they_arrive_or_move(
    platform: tuple[Platform, str, SmtpSink],
) -> None:
    stack, _, _ = platform
    program_id = "enrol-by-rule"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    def someone(name: str, department: str) -> dict[str, Any]:
        return {
            "schemas": [USER, enterprise],
            "userName": f"{name}@corp.example",
            "displayName": name.title(),
            "emails": [{"value": f"{name}@corp.example", "type": "work"}],
            "addresses": [{"type": "work", "locality": "Nairobi", "country": "KE"}],
            enterprise: {"department": department},
        }

    async with clients(stack) as (scim, api):
        await launch(api, program_id, start)
        ids = {}
        for name, department in (("wanjiru", "Treasury"), ("otieno", "Legal")):
            created = await scim.post("/scim/v2/Users", json=someone(name, department))
            assert created.status_code == 201, created.text
            ids[name] = created.json()["id"]

        async def both_in_directory() -> bool:
            page = (await api.get("/directory/people", params={"limit": 200})).json()
            return set(ids.values()) <= {p["person_id"] for p in page["items"]}

        await eventually(both_in_directory, "both people in matching's directory")
        rules = {"rules": [{"department": "treasury", "role": "junior", "seniority_level": 2}]}
        saved = await api.put(f"/programs/{program_id}/enrolment-rules", json=rules)
        assert saved.status_code == 200, saved.text
        assert saved.json()["joined"] == 1

        async def member(person_id: str) -> dict[str, Any] | None:
            view = await api.get(f"/programs/{program_id}/participants/{person_id}")
            return view.json()["participant"] if view.status_code == 200 else None

        joined = await member(ids["wanjiru"])
        assert joined is not None
        assert (joined["department"], joined["location"], joined["role"]) == (
            "Treasury",
            "Nairobi",
            "junior",
        )
        assert await member(ids["otieno"]) is None

        arrived = await scim.post("/scim/v2/Users", json=someone("achieng", "TREASURY"))
        assert arrived.status_code == 201, arrived.text
        moved = await scim.patch(
            f"/scim/v2/Users/{ids['otieno']}",
            json={
                "schemas": [PATCH],
                "Operations": [
                    {"op": "replace", "path": f"{enterprise}:department", "value": "Treasury"}
                ],
            },
        )
        assert moved.status_code == 200, moved.text
        for person_id in (arrived.json()["id"], ids["otieno"]):
            found = await eventually(lambda p=person_id: member(p), "a join by the rule")
            assert found is not None
            assert found["role"] == "junior"

        async def both_on_record() -> list[tuple[str, str]] | None:
            page = (await api.get(f"/programs/{program_id}/audit")).json()
            steps = [(e["actor_id"], e["action"]) for e in page["items"]]
            by_rule = steps.count(("scim:okta", "participant.enrolled_by_rule"))
            return steps if by_rule == 2 else None

        steps = await eventually(both_on_record, "both joins by the rule on the trail")
        assert ("ops-admin", "enrolment_rules.changed") in (steps or [])


def _awake_zone() -> str:
    now = datetime.now(UTC)
    return next(z for z in AWAKE_SOMEWHERE if 9 <= now.astimezone(ZoneInfo(z)).hour < 20)


def _invitations_to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    return [
        m
        for m in sink.messages
        if address in str(m["To"]) and str(m["X-Twoway-Template"]) == "program_invitation"
    ]


async def test_an_invited_person_is_told_by_email_in_their_language_once(
    platform: tuple[Platform, str, SmtpSink],
) -> None:
    stack, _, sink = platform
    program_id = "enrol-invite"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    zone = _awake_zone()
    async with clients(stack) as (scim, api):
        await launch(api, program_id, start)
        ids = {}
        for name, language in (("lucia", "es-ES"), ("yuki", "ja-JP")):
            created = await scim.post(
                "/scim/v2/Users",
                json={
                    "schemas": [USER],
                    "userName": f"{name}@corp.example",
                    "displayName": name.title(),
                    "preferredLanguage": language,
                    "timezone": zone,
                    "emails": [{"value": f"{name}@corp.example", "type": "work"}],
                },
            )
            assert created.status_code == 201, created.text
            ids[name] = created.json()["id"]

        async def enrollable(name: str) -> bool:
            page = (await api.get("/directory/people", params={"q": name})).json()
            return any(p["person_id"] == ids[name] and p["enrollable"] for p in page["items"])

        for name in ids:
            await eventually(lambda n=name: enrollable(n), "the person in matching's directory")

        async def invite(person_id: str) -> str:
            answer = await api.post(
                f"/programs/{program_id}/invitations",
                json={"person_ids": [person_id], "role": "junior", "seniority_level": 2},
            )
            assert answer.status_code == 200, answer.text
            return str(answer.json()["items"][0]["status"])

        assert await invite(ids["lucia"]) == "invited"
        [email] = await eventually(
            lambda: _ok(_invitations_to(sink, "lucia@corp.example")), "Lucia's invitation email"
        )
        assert str(email["Subject"]) == "Te invitamos a Reverse mentoring end to end"
        body = email.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert "Hola, Lucia:" in text
        # Her portal home page, where she accepts or declines:
        assert any(line.rstrip().endswith("/me") for line in text.splitlines())

        # Asked again while it is open, nothing is sent again: Yuki's invitation, asked
        # after it, arrives after anything a second one to Lucia would have.
        assert await invite(ids["lucia"]) == "unchanged"
        assert await invite(ids["yuki"]) == "invited"
        [to_yuki] = await eventually(
            lambda: _ok(_invitations_to(sink, "yuki@corp.example")), "Yuki's invitation email"
        )
        assert "ご招待" in str(to_yuki["Subject"])
        assert len(_invitations_to(sink, "lucia@corp.example")) == 1

        page = (await api.get(f"/programs/{program_id}/audit")).json()
        invited = [e for e in page["items"] if e["action"] == "participants.invited"]
        assert len(invited) == 3
        assert "corp.example" not in str(page["items"])


async def _ok(found: list[EmailMessage]) -> list[EmailMessage]:
    return found
