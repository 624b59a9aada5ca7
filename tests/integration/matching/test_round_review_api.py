"""A round for review at any size: its summary without pairs, and its pairs page by page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.matching.bootstrap import create_app
from tests.integration.matching.matching_env import PLATFORM, env, program_body, token
from tests.integration.matching.test_lists_api import people, walk
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration
__all__ = ["env"]


async def test_a_proposed_round_pages_its_pairs_best_first_and_counts_them_by_status(
    env: dict[str, Any],
) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            body = program_body("emea", region="emea", approval="admin")
            assert (await http.post("/programs", json=body)).status_code == 201
            joined = {"participants": people(12)}
            assert (await http.post("/programs/emea/participants/bulk", json=joined)).is_success
            proposal = (await http.post("/programs/emea/rounds", json={})).json()
            base = f"/programs/emea/rounds/{proposal['round_id']}"
            before = (await http.get(f"{base}/summary")).json()
            pairs, pages = await walk(http, f"{base}/pairs", limit=1)
            first = pairs[0]["pair_id"]
            approved = await http.post(f"{base}/approve", json={"pair_ids": [first]})
            assert approved.status_code == 200, approved.text
            after = (await http.get(f"{base}/summary")).json()
            still_proposed = (await http.get(f"{base}/pairs", params={"status": "proposed"})).json()
            missing = await http.get("/programs/emea/rounds/no-such-round/summary")
            forged = await http.get(f"{base}/pairs", params={"cursor": "not-a-cursor"})
            elsewhere = await http.get(
                f"{base}/pairs", headers=token(["program_admin"], regions=["apac"])
            )
    assert before["status"] == "proposed"
    assert before["pairs"] == len(proposal["pairs"]) == 4
    assert before["pairs_by_status"] == {"proposed": 4}
    assert before["unmatched"] == len(proposal["unmatched"])
    assert len(before["unmatched_people"]) == before["unmatched"]
    assert pages == 4
    scores = [p["score"] for p in pairs]
    assert scores == sorted(scores, reverse=True)
    assert sorted(p["pair_id"] for p in pairs) == sorted(p["pair_id"] for p in proposal["pairs"])
    assert after["pairs_by_status"] == {"proposed": 3, "active": 1}
    assert still_proposed["total"] == 3
    assert first not in [p["pair_id"] for p in still_proposed["items"]]
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    assert forged.status_code == 422
    assert forged.json()["error"] == "invalid_cursor"
    assert elsewhere.status_code == 403
