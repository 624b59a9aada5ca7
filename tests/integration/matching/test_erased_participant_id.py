"""An erased participant id says the same everywhere: joining it again, alone or in a bulk
import, updating it and withdrawing it all answer that it was erased (409
`participant_erased`), and nothing about the person comes back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.matching.bootstrap import create_app
from tests.integration.matching.matching_env import PLATFORM, env, program_body
from tests.support.service_runner import running_service, wait_until_ready
from tests.unit.shared.sample_events import PROFILE

pytestmark = pytest.mark.integration
__all__ = ["env"]  # the fixture, shared with the service's other tests


async def test_an_erased_id_cannot_join_again_nor_be_updated_and_both_say_why(
    env: dict[str, Any],
) -> None:
    person = PROFILE.model_dump(mode="json")
    pid = person["participant_id"]
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
            joined = await http.post("/programs/emea/participants", json=person)
            assert joined.status_code == 201, joined.text
            erased = await http.delete(f"/programs/emea/participants/{pid}")
            assert erased.status_code == 204, erased.text

            rejoin = await http.post("/programs/emea/participants", json=person)
            update = await http.put(f"/programs/emea/participants/{pid}", json=person)
            withdraw = await http.post(f"/programs/emea/participants/{pid}/withdraw")
            bulk = await http.post(
                "/programs/emea/participants/bulk", json={"participants": [person]}
            )
            view = await http.get(f"/programs/emea/participants/{pid}")

    for answer in (rejoin, update, withdraw):
        assert answer.status_code == 409, (answer.request.method, answer.text)
        assert answer.json()["error"] == "participant_erased"
    assert rejoin.json()["message"] == update.json()["message"]
    assert person["email"] not in rejoin.text
    assert bulk.status_code == 200
    [row] = bulk.json()
    assert row["status"] == "rejected"
    assert row["problems"] == [rejoin.json()["message"]]
    assert view.json()["status"] == "erased"
    assert view.json()["participant"] is None
    stored = await env["db"]["participants"].find_one({"participant_id": pid})
    assert stored is not None
    assert stored["status"] == "erased"
    assert person["email"] not in str(stored)
