"""A leaver through SCIM on the real broker and SecantusDB: the directory and matching side by
side. Provisioned people are enrolled and matched; when the IdP deactivates one, their pair
ends with `left_company`, their partner is matched again in the next round, a rename reaches the
program, and both audit trails show each step."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from services.directory.bootstrap import create_app as create_directory
from services.matching.bootstrap import MatchingSettings
from services.matching.bootstrap import create_app as create_matching
from shared.events import decode_event
from shared.http.auth import issue_token
from tests.integration.directory.conftest import ENTRA_TOKEN, SECRET
from tests.integration.matching.matching_env import person, program_body
from tests.support.kafka_tools import collect
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SCIM = {"Authorization": f"Bearer {ENTRA_TOKEN}"}
ADMIN = {
    "Authorization": "Bearer "
    + issue_token(
        secret=SECRET,
        issuer="twoway-local",
        audience="twoway",
        subject="hr-admin-7",
        roles=["platform_admin"],
    )
}


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached in time")
        await asyncio.sleep(0.2)


async def provision(scim: httpx.AsyncClient, user_name: str, display: str) -> str:
    body = {
        "schemas": [USER],
        "userName": user_name,
        "displayName": display,
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
    }
    response = await scim.post("/scim/v2/Users", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_leaver_through_scim_ends_their_pair_and_frees_the_partner(
    directory_env: dict[str, Any],
) -> None:
    matching_settings = MatchingSettings(
        kafka_bootstrap_servers=directory_env["bootstrap"],
        mongo_uri=directory_env["settings"].mongo_uri,
        mongo_database=f"matching_{directory_env['prefix'].strip('.')}",
        topic_prefix=directory_env["prefix"],
        auth_hs256_secret=SecretStr(SECRET),
        outbox_relay_interval_seconds=0.5,
        outbox_relay_grace_seconds=1,
    )
    async with (
        running_service(create_directory(directory_env["settings"])) as directory_url,
        running_service(create_matching(matching_settings)) as matching_url,
    ):
        await wait_until_ready(directory_url)
        await wait_until_ready(matching_url)
        async with (
            httpx.AsyncClient(base_url=directory_url, headers=SCIM) as scim,
            httpx.AsyncClient(base_url=matching_url, headers=ADMIN) as api,
        ):
            junior = await provision(scim, "jun@corp.example", "June Junior")
            leaver = await provision(scim, "sen@corp.example", "Sam Senior")
            assert (await api.post("/programs", json=program_body("emea"))).status_code == 201
            for pid, role, level in ((junior, "junior", 2), (leaver, "senior", 6)):
                joined = await api.post(
                    "/programs/emea/participants", json=person(pid, role, level)
                )
                assert joined.status_code == 201, joined.text
            first = (await api.post("/programs/emea/rounds", json={})).json()
            [pair] = first["pairs"]
            assert {pair["junior_id"], pair["senior_id"]} == {junior, leaver}

            gone = {
                "schemas": [PATCH],
                "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
            }
            assert (await scim.patch(f"/scim/v2/Users/{leaver}", json=gone)).status_code == 200

            async def withdrawn() -> bool:
                view = await api.get(f"/programs/emea/participants/{leaver}")
                return bool(view.json()["status"] == "withdrawn")

            await eventually(withdrawn)
            ended = await collect(
                directory_env["bootstrap"],
                directory_env["prefix"] + "pairs",
                until=lambda rs: any(b"PairEnded" in r.value for r in rs),
            )
            [end] = [decode_event(r.value) for r in ended if b"PairEnded" in r.value]
            assert end.pair_id == pair["pair_id"]  # type: ignore[attr-defined]
            assert end.reason == "left_company"  # type: ignore[attr-defined]

            newcomer = await provision(scim, "new@corp.example", "Nia Newcomer")
            joined = await api.post(
                "/programs/emea/participants", json=person(newcomer, "senior", 7)
            )
            assert joined.status_code == 201
            second = (await api.post("/programs/emea/rounds", json={})).json()
            assert [(p["junior_id"], p["senior_id"]) for p in second["pairs"]] == [
                (junior, newcomer)
            ]

            renamed = {
                "schemas": [PATCH],
                "Operations": [{"op": "replace", "path": "displayName", "value": "June Q. Junior"}],
            }
            assert (await scim.patch(f"/scim/v2/Users/{junior}", json=renamed)).status_code == 200

            async def renamed_in_program() -> bool:
                view = (await api.get(f"/programs/emea/participants/{junior}")).json()
                audit = (await api.get("/programs/emea/audit", params={"limit": 200})).json()
                recorded = any(e["action"] == "participant.updated" for e in audit["items"])
                return bool(view["participant"]["display_name"] == "June Q. Junior") and recorded

            await eventually(renamed_in_program)
            program_audit = (await api.get("/programs/emea/audit", params={"limit": 200})).json()
            directory_audit = (await scim.get("/audit", headers=ADMIN)).json()

    steps = [(e["actor_id"], e["action"], e["target"]) for e in reversed(program_audit["items"])]
    assert steps[0] == ("hr-admin-7", "program.launched", None)
    assert ("hr-admin-7", "participant.joined", leaver) in steps
    assert ("scim:entra", "participant.withdrawn", leaver) in steps
    assert ("scim:entra", "participant.updated", junior) in steps
    assert [a for _, a, _ in steps].count("round.run") == 2
    withdrawal = next(e for e in program_audit["items"] if e["action"] == "participant.withdrawn")
    assert withdrawal["changes"] == {"reason": "left_company"}
    assert "corp.example" not in str(program_audit)
    directory_steps = [(e["action"], e["target"]) for e in directory_audit["items"]]
    assert ("person.patched", leaver) in directory_steps
    assert [a for a, _ in directory_steps].count("person.provisioned") == 3
    assert "corp.example" not in str(directory_audit)
