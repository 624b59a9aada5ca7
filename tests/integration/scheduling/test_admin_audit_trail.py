"""The program's audit trail in scheduling, on the real broker and database: what admins did
to a pair's sessions, read by the program's admins, and cleared of what it said about a
person once they are erased."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.scheduling.bootstrap import create_app
from shared.events import ParticipantErased
from tests.integration.scheduling.scenario import (
    TUESDAY_AND_WEDNESDAY,
    clock,
    pairs,
    settings,
    token,
    wait_for,
    world,
)
from tests.support.kafka_tools import produce_events
from tests.support.service_runner import running_service, wait_until_ready
from tests.unit.scheduling.builders import envelope

pytestmark = pytest.mark.integration

JUNIOR = token("j-1", ["participant"])
ADMIN = token("admin-1", ["program_admin"], programs=["prog-1"])
REGION_ADMIN = token("admin-2", ["program_admin"], regions=["EMEA"])
OTHER_ADMIN = token("admin-3", ["program_admin"], programs=["another-program"])


async def test_admins_changes_are_on_record_and_an_erasure_clears_what_they_said(
    kafka_server: Any, mongo_server: Any, mongo: AsyncMongoClient[Any], prefix: str
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    service_settings = settings(kafka_server, mongo_server, prefix)
    program_time = clock()
    app = create_app(service_settings, program_time)
    async with running_service(app) as url, httpx.AsyncClient(base_url=url) as http:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, [*world(windows=TUESDAY_AND_WEDNESDAY), *pairs()])

        async def planned() -> dict[str, Any]:
            response = await http.get("/pairs/pair-1/sessions", headers=JUNIOR)
            body: dict[str, Any] = response.json() if response.status_code == 200 else {}
            return body if body.get("status") == "planned" else {}

        s0, s1, s2 = (s["session_id"] for s in (await wait_for(planned))["sessions"][:3])
        new_start = datetime(2026, 3, 4, 9, 0, tzinfo=UTC).isoformat()

        def a_minute_later() -> None:  # entries of one instant would list in id order
            program_time.advance(timedelta(minutes=1))

        a_minute_later()
        admin_move = await http.post(
            f"/sessions/{s1}/reschedule", json={"start": new_start}, headers=ADMIN
        )
        a_minute_later()
        own_move = await http.post(
            f"/sessions/{s0}/reschedule", json={"next_possible": True}, headers=JUNIOR
        )
        refused = await http.post(
            f"/sessions/{s1}/reschedule", json={"next_possible": True}, headers=OTHER_ADMIN
        )
        a_minute_later()
        region_cancel = await http.post(f"/sessions/{s2}/cancel", headers=REGION_ADMIN)
        a_minute_later()
        rest = await http.post("/pairs/pair-1/sessions/cancel-remaining", headers=ADMIN)
        assert [r.status_code for r in (admin_move, own_move, refused, region_cancel, rest)] == [
            200,
            200,
            403,
            200,
            200,
        ]

        trail = await http.get("/programs/prog-1/audit", headers=REGION_ADMIN)
        assert trail.status_code == 200, trail.text
        items = trail.json()["items"]
        assert [(i["action"], i["actor_id"], i["target"]) for i in items] == [
            ("series.cancelled", "admin-1", "pair-1"),
            ("session.cancelled", "admin-2", s2),
            ("session.rescheduled", "admin-1", s1),
        ]  # newest first; the participant's own move is not an admin action
        assert items[2]["changes"]["start"] == new_start
        assert items[2]["changes"]["previous_start"] != new_start
        assert items[0]["changes"]["sessions_cancelled"] == len(rest.json()["cancelled"])
        for reader, status in ((JUNIOR, 403), (OTHER_ADMIN, 403), ({}, 401)):
            assert (await http.get("/programs/prog-1/audit", headers=reader)).status_code == status

        await produce_events(
            bootstrap, prefix, [ParticipantErased(**envelope(), participant_id="j-1")]
        )

        async def cleared() -> list[dict[str, Any]]:
            response = await http.get("/programs/prog-1/audit", headers=ADMIN)
            found: list[dict[str, Any]] = response.json()["items"]
            return found if all(i["redacted"] for i in found) else []

        after = await wait_for(cleared)
        assert [(i["action"], i["actor_id"], i["changes"]) for i in after] == [
            ("series.cancelled", "admin-1", {}),
            ("session.cancelled", "admin-2", {}),
            ("session.rescheduled", "admin-1", {}),
        ]

    stored = mongo[service_settings.mongo_database]["audit"]
    assert await stored.count_documents({"changes": {"$ne": {}}}) == 0
    assert await stored.count_documents({"subjects": "j-1"}) == 3
