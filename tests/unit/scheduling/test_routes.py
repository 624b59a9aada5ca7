"""The scheduling routes on the fakes: their collaborators come from `app.state.scheduling`
through `Annotated` dependencies, so the HTTP boundary is tested without a broker or database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

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
from tests.unit.scheduling.builders import joined, pair_created, program_launched
from tests.unit.scheduling.fakes import Service, build_service

WINDOWS = [("tue", "10:00", "12:00"), ("wed", "10:00", "12:00")]


def participant(participant_id: str) -> Principal:
    return Principal(participant_id, frozenset({"participant"}))


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
        SchedulingApi(queries=queries, commands=service.commands, lists=lists),
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
