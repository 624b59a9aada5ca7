"""A program's series by page and its schedule summary, on the real broker and database."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.scheduling.bootstrap import create_app
from tests.integration.scheduling.scenario import clock, pairs, settings, token, wait_for, world
from tests.support.kafka_tools import produce_events
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration

ADMIN = token("admin-1", ["program_admin"], programs=["prog-1"])
OTHER_ADMIN = token("admin-3", ["program_admin"], programs=["another-program"])
JUNIOR = token("j-1", ["participant"])


async def test_series_pages_hold_every_pair_once_and_the_summary_counts_sessions(
    kafka_server: Any, mongo_server: Any, prefix: str
) -> None:
    app = create_app(settings(kafka_server, mongo_server, prefix), clock())
    async with running_service(app) as url, httpx.AsyncClient(base_url=url) as http:
        await wait_until_ready(url)
        await produce_events(kafka_server.bootstrap_servers, prefix, [*world(7), *pairs(7)])

        async def all_planned() -> dict[str, Any]:
            response = await http.get(
                "/programs/prog-1/series", params={"status": "planned"}, headers=ADMIN
            )
            body: dict[str, Any] = response.json() if response.status_code == 200 else {}
            return body if body.get("total") == 7 else {}

        await wait_for(all_planned)
        seen: list[str] = []
        params: dict[str, Any] = {"limit": 3}
        while True:
            page = (await http.get("/programs/prog-1/series", params=params, headers=ADMIN)).json()
            seen.extend(s["pair_id"] for s in page["items"])
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        one = (
            await http.get("/programs/prog-1/series", params={"participant": "s-3"}, headers=ADMIN)
        ).json()
        first_session = one["items"][0]["sessions"][0]["session_id"]
        cancelled = await http.post(f"/sessions/{first_session}/cancel", headers=ADMIN)
        summary = await http.get("/programs/prog-1/schedule-summary", headers=ADMIN)
        tampered = await http.get(
            "/programs/prog-1/series", params={"cursor": params["cursor"][:-2]}, headers=ADMIN
        )
        refused = {
            who: (await http.get(path, headers=headers)).status_code
            for who, headers in (("other admin", OTHER_ADMIN), ("participant", JUNIOR))
            for path in ("/programs/prog-1/series", "/programs/prog-1/schedule-summary")
        }

    assert seen == sorted(f"pair-{n}" for n in range(1, 8))
    assert [s["pair_id"] for s in one["items"]] == ["pair-3"]
    assert one["total"] == 1
    assert cancelled.status_code == 200, cancelled.text
    figures = summary.json()
    per_series = len(one["items"][0]["sessions"])
    assert figures["series_by_status"] == {"planned": 7}
    assert figures["sessions_cancelled"] == 1
    assert figures["sessions_planned"] == 7 * per_series - 1
    assert figures["sessions_held"] == figures["sessions_missed"] == 0
    assert figures["series_unschedulable"] == 0
    assert tampered.status_code == 422
    assert tampered.json()["error"] == "invalid_cursor"
    assert set(refused.values()) == {403}
