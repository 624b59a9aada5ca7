"""The scheduling routes on the fakes: their collaborators come from `app.state.scheduling`
through `Annotated` dependencies, so the HTTP boundary is tested without a broker or database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import cast

import httpx
import pytest
from fastapi import FastAPI

from services.scheduling.application.ports import ScheduleFigures
from services.scheduling.application.queries import SessionQueries
from services.scheduling.application.session_events import SessionEvents
from services.scheduling.domain.invitation import InvitationStyle
from services.scheduling.domain.model import Series, SeriesStatus
from services.scheduling.entrypoints.api import STATE_NAME, SchedulingApi, router
from shared.http.auth import Principal, current_principal
from shared.http.errors import install_error_handlers
from shared.storage.audit import AuditTrail
from tests.unit.scheduling.builders import joined, pair_created, program_launched
from tests.unit.scheduling.service_harness import Service, build_service

WINDOWS = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]


def participant(participant_id: str) -> Principal:
    return Principal(participant_id, frozenset({"participant"}))


def program_admin(subject: str, *programs: str) -> Principal:
    return Principal(subject, frozenset({"program_admin"}), programs=frozenset(programs))


@dataclass
class Caller:
    """Who the next request comes from."""

    principal: Principal = field(default_factory=lambda: participant("j-1"))


@dataclass
class RecordingLists:
    """The program lists: only which programs the commands said they changed."""

    changed_programs: list[str] = field(default_factory=list)

    async def page(
        self,
        program_id: str,
        *,
        status: SeriesStatus | None,
        participant: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Series], int]:
        raise AssertionError("not read by these tests")

    async def figures(self, program_id: str) -> ScheduleFigures:
        raise AssertionError("not read by these tests")

    def changed(self, program_id: str) -> None:
        self.changed_programs.append(program_id)


@dataclass
class Harness:
    http: httpx.AsyncClient
    caller: Caller
    lists: RecordingLists
    service: Service


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    service = build_service()
    await service.read_models.on_program_event(program_launched())
    for pid, role in (("j-1", "junior"), ("s-1", "senior")):
        await service.read_models.on_participant_event(joined(pid, role, "Europe/Berlin", WINDOWS))
    await service.planner.on_pair_created(pair_created())
    lists = RecordingLists()
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    queries = SessionQueries(
        series=service.series, programs=service.programs, events=SessionEvents(InvitationStyle())
    )
    setattr(
        app.state,
        STATE_NAME,
        SchedulingApi(
            queries=queries,
            commands=service.commands,
            lists=lists,
            audit=cast(AuditTrail, service.audit_trail),
        ),
    )
    caller = Caller()
    app.dependency_overrides[current_principal] = lambda: caller.principal
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scheduling") as http:
        yield Harness(http, caller, lists, service)


async def test_the_pair_reads_its_series_and_anyone_else_is_refused(harness: Harness) -> None:
    own = await harness.http.get("/pairs/pair-1/sessions")
    harness.caller.principal = participant("j-2")
    stranger = await harness.http.get("/pairs/pair-1/sessions")
    unknown = await harness.http.get("/pairs/pair-9/sessions")

    assert own.status_code == 200
    assert own.json()["pair_id"] == "pair-1"
    assert stranger.status_code == 403
    assert unknown.status_code == 404


async def test_a_cancelled_session_tells_the_lists_and_its_invitation_becomes_a_cancel(
    harness: Harness,
) -> None:
    series = await harness.http.get("/pairs/pair-1/sessions")
    session_id = series.json()["sessions"][0]["session_id"]

    cancelled = await harness.http.post(f"/sessions/{session_id}/cancel")
    again = await harness.http.post(f"/sessions/{session_id}/reschedule", json={})
    invitation = await harness.http.get(f"/sessions/{session_id}/invitation.ics")

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert harness.lists.changed_programs == ["prog-1"]  # once, after the command
    assert again.status_code == 422
    assert invitation.headers["content-type"].endswith("method=CANCEL")


async def test_an_admins_cancel_is_on_the_programs_audit_trail_and_a_participants_is_not(
    harness: Harness,
) -> None:
    series = await harness.http.get("/pairs/pair-1/sessions")
    first, second = [s["session_id"] for s in series.json()["sessions"][:2]]

    by_participant = await harness.http.post(f"/sessions/{first}/cancel")
    harness.caller.principal = program_admin("admin-1", "prog-1")
    by_admin = await harness.http.post(f"/sessions/{second}/cancel")
    trail = await harness.http.get("/programs/prog-1/audit")

    assert (by_participant.status_code, by_admin.status_code) == (200, 200)
    assert trail.status_code == 200
    body = trail.json()
    assert body["total"] == 1
    assert body["next_cursor"] is None
    (entry,) = body["items"]
    assert entry["actor_id"] == "admin-1"
    assert entry["action"] == "session.cancelled"
    assert entry["program_id"] == "prog-1"
    assert entry["target"] == second
    assert entry["changes"]["reason"] == "requested"
    assert entry["redacted"] is False


async def test_only_the_programs_admins_read_its_audit_trail(harness: Harness) -> None:
    as_participant = await harness.http.get("/programs/prog-1/audit")
    harness.caller.principal = program_admin("admin-2", "prog-2")
    as_other_admin = await harness.http.get("/programs/prog-1/audit")
    harness.caller.principal = program_admin("admin-1", "prog-1")
    as_admin = await harness.http.get("/programs/prog-1/audit")

    assert as_participant.status_code == 403
    assert as_other_admin.status_code == 403
    assert as_admin.status_code == 200
    assert as_admin.json() == {"items": [], "next_cursor": None, "total": 0}


async def test_the_audit_trail_pages_newest_first(harness: Harness) -> None:
    series = await harness.http.get("/pairs/pair-1/sessions")
    ids = [s["session_id"] for s in series.json()["sessions"][:3]]
    harness.caller.principal = program_admin("admin-1", "prog-1")
    for session_id in ids:
        harness.service.advance(minutes=1)
        await harness.http.post(f"/sessions/{session_id}/cancel")

    first = (await harness.http.get("/programs/prog-1/audit", params={"limit": 2})).json()
    rest = (
        await harness.http.get(
            "/programs/prog-1/audit", params={"limit": 2, "cursor": first["next_cursor"]}
        )
    ).json()
    bad = await harness.http.get("/programs/prog-1/audit", params={"cursor": "not-a-cursor"})

    listed = [e["target"] for e in first["items"] + rest["items"]]
    assert listed == list(reversed(ids))
    assert (first["total"], rest["next_cursor"]) == (3, None)
    assert bad.status_code == 422
