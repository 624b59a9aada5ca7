"""The leaver story on the real stack: the directory, matching, scheduling and notifications as
processes on real Kafka and SecantusDB, emailing a real SMTP server.

An identity provider provisions three people; two are enrolled and matched, their series is
planned and the partner is invited. The IdP deactivates the senior: their pair ends with
`left_company`, the junior's remaining sessions are withdrawn with a CANCEL invitation (and
nothing more is sent to the leaver), the junior is matched with the newcomer in the next round, and the program's audit trail shows
each step with who did it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from deploy.local.harness import Platform
from deploy.local.infra import free_port
from services.directory.entrypoints.connections import token_hash
from tests.e2e.platform_world import (
    ADMIN,
    SECRET,
    SmtpSink,
    daytime_tomorrow,
    eventually,
    person,
    program_body,
    service_env,
)
from tests.support.kafka_tools import create_topics, unique_prefix

pytestmark = pytest.mark.integration

PROGRAM = "leavers-emea"
TOKEN = "entra-connection-token-end-to-end"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
STARTED = ("matching", "scheduling", "notifications", "directory")


@pytest.fixture(scope="module")
async def platform(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Platform, SmtpSink]]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    sink = SmtpSink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    stack = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=Path(tmp_path_factory.mktemp("leavers")),
        topic_prefix=prefix,
        database_suffix=f"_{prefix.strip('.')}",
        auth_secret=SECRET,
        extra_env={
            **service_env(smtp_port),
            "TWOWAY_SCIM_CONNECTIONS": f"entra={token_hash(TOKEN)}",
        },
    )
    try:
        started = [stack.start(name, wait=False) for name in STARTED]
        for service in started:
            await asyncio.to_thread(stack.wait_ready, service)
        yield stack, sink
    finally:
        await asyncio.to_thread(stack.stop_all)
        smtp.stop()


def sent_to(sink: SmtpSink, address: str, template: str) -> list[EmailMessage]:
    return [
        m
        for m in sink.messages
        if address in str(m["To"]) and str(m["X-Twoway-Template"]) == template
    ]


def calendar_methods(message: EmailMessage) -> set[str]:
    methods = set()
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            text = part.get_content()
            text = text.decode() if isinstance(text, bytes) else str(text)
            methods |= {
                line.split(":", 1)[1].strip()
                for line in text.splitlines()
                if line.startswith("METHOD:")
            }
    return methods


async def provision(scim: httpx.AsyncClient, address: str) -> str:
    body = {
        "schemas": [USER],
        "userName": address,
        "emails": [{"value": address, "type": "work", "primary": True}],
        "active": True,
    }
    response = await scim.post("/scim/v2/Users", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def enrolled(pid: str, role: str, level: int, address: str) -> dict[str, Any]:
    return {**person(pid, role, level), "email": address}


async def test_a_leaver_ends_their_pair_and_the_partner_is_cancelled_and_rematched(
    platform: tuple[Platform, SmtpSink],
) -> None:
    stack, sink = platform
    start = daytime_tomorrow(datetime.now(UTC))
    await set_clocks_of(stack, start)
    scim = httpx.AsyncClient(
        base_url=stack.url("directory"), headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    api = httpx.AsyncClient(base_url=stack.url("matching"), headers=ADMIN, timeout=30)
    sessions = httpx.AsyncClient(base_url=stack.url("scheduling"), headers=ADMIN, timeout=30)
    async with scim, api, sessions:
        junior = await provision(scim, "june@corp.example")
        leaver = await provision(scim, "sam@corp.example")
        newcomer = await provision(scim, "nia@corp.example")
        assert (
            await api.post("/programs", json=program_body(PROGRAM, start.date()))
        ).status_code == 201
        for pid, role, level, address in (
            (junior, "junior", 2, "june@corp.example"),
            (leaver, "senior", 7, "sam@corp.example"),
        ):
            joined = await api.post(
                f"/programs/{PROGRAM}/participants", json=enrolled(pid, role, level, address)
            )
            assert joined.status_code == 201, joined.text
        [pair] = (await api.post(f"/programs/{PROGRAM}/rounds", json={})).json()["pairs"]

        async def planned() -> list[dict[str, Any]] | None:
            response = await sessions.get(f"/pairs/{pair['pair_id']}/sessions")
            found = response.json().get("sessions", []) if response.status_code == 200 else []
            return found or None

        series = await eventually(planned, "the pair's series to be planned")
        assert series
        await eventually(
            lambda: _has(sink, "june@corp.example", "series_invitation"),
            "the junior's series invitation",
        )

        await eventually(
            lambda: _has(sink, "sam@corp.example", "series_invitation"),
            "the leaver's own series invitation, sent before they leave",
        )
        deactivate = {
            "schemas": [PATCH],
            "Operations": [{"op": "replace", "path": "active", "value": False}],
        }
        assert (await scim.patch(f"/scim/v2/Users/{leaver}", json=deactivate)).status_code == 200

        async def ended() -> bool:
            view = (await api.get(f"/programs/{PROGRAM}/pairs/{pair['pair_id']}")).json()
            return bool(view["status"] == "ended")

        await eventually(ended, "the leaver's pair to end")
        ended_pair = (await api.get(f"/programs/{PROGRAM}/pairs/{pair['pair_id']}")).json()
        assert ended_pair["ended_reason"] == "left_company"

        async def all_cancelled() -> bool:
            found = (await sessions.get(f"/pairs/{pair['pair_id']}/sessions")).json()["sessions"]
            return all(s["status"] == "cancelled" for s in found)

        await eventually(all_cancelled, "the remaining sessions to be cancelled")
        await eventually(
            lambda: _has(sink, "june@corp.example", "series_cancelled"),
            "the partner's cancellation",
        )
        [cancellation] = sent_to(sink, "june@corp.example", "series_cancelled")[:1]
        assert "CANCEL" in calendar_methods(cancellation)

        joined = await api.post(
            f"/programs/{PROGRAM}/participants",
            json=enrolled(newcomer, "senior", 8, "nia@corp.example"),
        )
        assert joined.status_code == 201, joined.text
        [rematch] = (await api.post(f"/programs/{PROGRAM}/rounds", json={})).json()["pairs"]
        assert (rematch["junior_id"], rematch["senior_id"]) == (junior, newcomer)
        # The new pair's invitations come well after the old pair's end: by then anything
        # that was to go to the leaver would have gone. Nothing did.
        await eventually(
            lambda: _has(sink, "nia@corp.example", "series_invitation"),
            "the newcomer's series invitation",
        )
        # What the leaver got is what went out before they left (a welcome may be sent after
        # the invitation, so it is not counted at the deactivation): once each, nothing else.
        to_leaver = sorted(str(m["X-Twoway-Template"]) for m in _all_to(sink, "sam@corp.example"))
        assert to_leaver in (["series_invitation"], ["series_invitation", "welcome"])

        audit = (await api.get(f"/programs/{PROGRAM}/audit", params={"limit": 200})).json()

    steps = [(e["actor_id"], e["action"], e["target"]) for e in reversed(audit["items"])]
    actions = [action for _, action, _ in steps]
    assert actions[0] == "program.launched"
    assert actions.count("participant.joined") == 3
    assert actions.count("round.run") == 2
    assert ("scim:entra", "participant.withdrawn", leaver) in steps
    assert actions.index("participant.withdrawn") < len(actions) - 1  # before the second round


def _all_to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    return [m for m in sink.messages if address in str(m["To"])]


async def _has(sink: SmtpSink, address: str, template: str) -> bool:
    return bool(sent_to(sink, address, template))


async def set_clocks_of(stack: Platform, now: datetime) -> None:
    async with httpx.AsyncClient(headers=ADMIN, timeout=10) as http:
        for name in ("matching", "scheduling", "notifications"):
            response = await http.post(
                f"{stack.url(name)}/admin/clock", json={"now": now.isoformat()}
            )
            assert response.status_code == 200, response.text
