"""The sessions API with real tokens: invitations that update in place, clear refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from services.scheduling.bootstrap import create_app
from shared.events import SessionCancelled, SessionRescheduled
from tests.integration.scheduling.scenario import (
    TUESDAY_AND_WEDNESDAY,
    clock,
    count_of,
    decoded,
    pairs,
    settings,
    token,
    wait_for,
    world,
)
from tests.support.kafka_tools import collect, produce_events
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration

JUNIOR = token("j-1", ["participant"])
SENIOR = token("s-1", ["participant"])
ADMIN = token("admin-1", ["program_admin"], programs=["prog-1"])
REGION_ADMIN = token("admin-2", ["program_admin"], regions=["EMEA"])
OTHER_ADMIN = token("admin-3", ["program_admin"], programs=["another-program"])
STRANGER = token("j-9", ["participant"])


def utc(year: int, month: int, day: int, hour: int, minute: int) -> str:
    return datetime(year, month, day, hour, minute, tzinfo=UTC).isoformat()


def invitation(response: httpx.Response) -> tuple[Calendar, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


async def test_sessions_can_be_read_moved_cancelled_and_completed_over_http(
    kafka_server: Any, mongo_server: Any, prefix: str
) -> None:
    bootstrap = kafka_server.bootstrap_servers
    program_time = clock()
    app = create_app(settings(kafka_server, mongo_server, prefix), program_time)
    async with running_service(app) as url, httpx.AsyncClient(base_url=url) as http:
        await wait_until_ready(url)
        await produce_events(bootstrap, prefix, [*world(windows=TUESDAY_AND_WEDNESDAY), *pairs()])

        async def planned() -> dict[str, Any]:
            response = await http.get("/pairs/pair-1/sessions", headers=JUNIOR)
            body: dict[str, Any] = response.json() if response.status_code == 200 else {}
            return body if body.get("status") == "planned" else {}

        series = await wait_for(planned)
        s0, s1, s2 = (s["session_id"] for s in series["sessions"][:3])
        assert series["sessions"][0]["start"] == "2026-03-03T09:00:00Z"  # 10:00 in Berlin

        # Who may look: the pair and the program's admins, by program or by region.
        assert (await http.get(f"/sessions/{s0}")).status_code == 401
        for outsider in (STRANGER, OTHER_ADMIN):
            refused = await http.get(f"/sessions/{s0}", headers=outsider)
            assert refused.status_code == 403
            assert refused.json()["error"] == "forbidden"
        for allowed in (JUNIOR, SENIOR, ADMIN, REGION_ADMIN):
            assert (await http.get(f"/sessions/{s0}", headers=allowed)).status_code == 200
        assert (
            await http.get(f"/sessions/{s0}/invitation.ics", headers=STRANGER)
        ).status_code == 403

        calendar, before = invitation(
            await http.get(f"/sessions/{s0}/invitation.ics", headers=SENIOR)
        )
        assert calendar["METHOD"] == "REQUEST"
        assert before.decoded("SEQUENCE") == 0

        # Moving a session updates the same calendar entry: same UID, higher SEQUENCE.
        moved = await http.post(
            f"/sessions/{s0}/reschedule", json={"start": utc(2026, 3, 4, 9, 0)}, headers=JUNIOR
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["ics_sequence"] == 1
        calendar, after = invitation(
            await http.get(f"/sessions/{s0}/invitation.ics", headers=SENIOR)
        )
        assert str(after["UID"]) == str(before["UID"])
        assert after.decoded("SEQUENCE") == 1
        assert after.decoded("DTSTART") == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)

        # Impossible requests get a clear status and code.
        refusals = [
            (s0, {"start": utc(2026, 3, 4, 13, 0)}, 422, "outside_availability"),
            (s0, {"start": utc(2026, 2, 1, 9, 0)}, 422, "in_the_past"),
            (s1, {"start": utc(2026, 3, 4, 9, 30)}, 409, "slot_taken"),
            ("no-such-session", {"next_possible": True}, 404, "session_not_found"),
            (s0, {"start": utc(2026, 3, 4, 9, 0), "next_possible": True}, 422, "invalid_request"),
        ]
        for session_id, body, status, code in refusals:
            response = await http.post(
                f"/sessions/{session_id}/reschedule", json=body, headers=ADMIN
            )
            assert (response.status_code, response.json()["error"]) == (status, code), body

        # "Next possible" takes the earliest time both can make (Tuesday, now free again).
        nxt = await http.post(
            f"/sessions/{s1}/reschedule", json={"next_possible": True}, headers=SENIOR
        )
        assert nxt.status_code == 200, nxt.text
        assert nxt.json()["start"] == "2026-03-03T09:00:00Z"

        cancelled = await http.post(f"/sessions/{s2}/cancel", headers=JUNIOR)
        assert cancelled.json()["status"] == "cancelled"
        calendar, gone = invitation(
            await http.get(f"/sessions/{s2}/invitation.ics", headers=JUNIOR)
        )
        assert calendar["METHOD"] == "CANCEL"
        assert (str(gone["STATUS"]), gone.decoded("SEQUENCE")) == ("CANCELLED", 1)
        again = await http.post(f"/sessions/{s2}/cancel", headers=JUNIOR)
        assert (again.status_code, again.json()["error"]) == (409, "session_cancelled")

        attendance = {"minutes": 55, "notes_taken": True}
        early = await http.post(f"/sessions/{s0}/complete", json=attendance, headers=SENIOR)
        assert (early.status_code, early.json()["error"]) == (422, "not_started")
        program_time.advance(datetime(2026, 3, 4, 10, 30, tzinfo=UTC) - program_time.now())
        done = await http.post(f"/sessions/{s0}/complete", json=attendance, headers=SENIOR)
        assert done.status_code == 200, done.text
        assert done.json()["attendance"]["minutes"] == 55
        twice = await http.post(f"/sessions/{s0}/complete", json=attendance, headers=SENIOR)
        assert (twice.status_code, twice.json()["error"]) == (409, "session_completed")
        late = await http.post(
            f"/sessions/{s0}/reschedule", json={"next_possible": True}, headers=SENIOR
        )
        assert (late.status_code, late.json()["error"]) == (409, "session_completed")

        rest = await http.post("/pairs/pair-1/sessions/cancel-remaining", headers=ADMIN)
        assert rest.status_code == 200, rest.text
        assert len(rest.json()["cancelled"]) == 10  # s3..s12; s1 is in the past by now
        closed = await http.post("/pairs/pair-1/sessions/cancel-remaining", headers=ADMIN)
        assert (closed.status_code, closed.json()["error"]) == (409, "series_not_active")

        metrics = (await http.get("/metrics")).text
        assert 'twoway_scheduling_sessions_scheduled_total{program="prog-1"} 13.0' in metrics
        assert 'twoway_scheduling_sessions_completed_total{program="prog-1"} 1.0' in metrics
        assert (
            'twoway_scheduling_sessions_cancelled_total{program="prog-1",reason="series_cancelled"}'
            " 10.0" in metrics
        )
        assert "twoway_scheduling_scheduling_latency_seconds_count" in metrics

    records = await collect(bootstrap, prefix + "sessions", until=count_of("SessionCancelled", 11))
    rescheduled = [
        e for e in decoded(records, "SessionRescheduled") if isinstance(e, SessionRescheduled)
    ]
    assert [(e.session_id, e.ics_sequence, e.reason) for e in rescheduled] == [
        (s0, 1, "requested"),
        (s1, 1, "requested"),
    ]
    cancelled_events = [
        e for e in decoded(records, "SessionCancelled") if isinstance(e, SessionCancelled)
    ]
    assert sorted(e.reason for e in cancelled_events) == ["requested"] + ["series_cancelled"] * 10
    assert len(decoded(records, "SessionCompleted")) == 1
    changes: list[SessionRescheduled | SessionCancelled] = [*rescheduled, *cancelled_events]
    for event in changes:
        (vevent,) = Calendar.from_ical(event.ics).walk("VEVENT")
        assert vevent.decoded("SEQUENCE") == event.ics_sequence
        assert str(vevent["UID"]) == f"{event.session_id}@twoway"
