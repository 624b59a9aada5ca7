"""The feedback routes on the fakes: their collaborators come from `app.state.feedback` through
`Annotated` dependencies, so the HTTP boundary is tested without a broker or a database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import httpx
import pytest
from fastapi import FastAPI

from services.feedback.application.insights import InsightsQueries
from services.feedback.application.mapping import request_id_for
from services.feedback.application.ports import FeedbackListing
from services.feedback.domain.requests import RequestTiming
from services.feedback.entrypoints.api import STATE_NAME, FeedbackApi, router
from shared.http.auth import Principal, current_principal
from shared.http.errors import install_error_handlers
from tests.unit.feedback.events import (
    JUNIOR,
    PROGRAM,
    SENIOR,
    START,
    event,
    pair_created,
    session_completed,
)
from tests.unit.feedback.world import FeedbackWorld

ADMIN = Principal("admin", frozenset({"platform_admin"}))


def participant(participant_id: str) -> Principal:
    return Principal(participant_id, frozenset({"participant"}))


@dataclass
class Caller:
    """Who the next request comes from."""

    principal: Principal = ADMIN


@pytest.fixture
async def world() -> FeedbackWorld:
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.catalog.on_program_event(event("ProgramLaunched"))
    await world.catalog.on_participant_event(event("ParticipantJoined"))
    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))
    return world


@pytest.fixture
async def client(world: FeedbackWorld) -> AsyncIterator[tuple[httpx.AsyncClient, Caller]]:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    setattr(
        app.state,
        STATE_NAME,
        FeedbackApi(
            submissions=world.submissions,
            insights=InsightsQueries(
                programs=world.programs,
                requests=world.requests,
                sessions=world.sessions,
                pairs=world.pairs,
                assessments=world.assessments,
                max_rows=100,
            ),
            assessments=world.self_assessments,
            lists=cast(FeedbackListing, None),  # the paged lists read MongoDB; not used here
            timing=RequestTiming(),
            list_limit=50,
        ),
    )

    caller = Caller()
    app.dependency_overrides[current_principal] = lambda: caller.principal
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://feedback") as http:
        yield http, caller


async def test_a_participant_records_and_reads_back_their_self_assessment(
    client: tuple[httpx.AsyncClient, Caller],
) -> None:
    http, caller = client
    caller.principal = participant(JUNIOR)

    saved = await http.put(
        f"/programs/{PROGRAM}/self-assessments/pre",
        json={"levels": [{"skill": "Negotiation", "level": 2}]},
    )
    mine = await http.get(f"/programs/{PROGRAM}/self-assessments/me")

    assert saved.status_code == 200
    assert saved.json()["levels"] == [{"skill": "negotiation", "level": 2}]
    assert [a["phase"] for a in mine.json()] == ["pre"]


async def test_a_refused_self_assessment_answers_422_with_each_problem_and_admins_get_403(
    client: tuple[httpx.AsyncClient, Caller],
) -> None:
    http, caller = client
    caller.principal = participant(JUNIOR)
    path = f"/programs/{PROGRAM}/self-assessments/post"

    refused = await http.put(path, json={"levels": [{"skill": "juggling", "level": 3}]})
    caller.principal = ADMIN
    forbidden = await http.put(path, json={"levels": [{"skill": "negotiation", "level": 3}]})

    assert refused.status_code == 422
    assert [p["loc"] for p in refused.json()["problems"]] == [["body", "levels", "0", "skill"]]
    assert forbidden.status_code == 403


async def test_a_request_is_read_by_the_person_asked_and_its_admins_only(
    client: tuple[httpx.AsyncClient, Caller],
) -> None:
    http, caller = client
    path = f"/feedback-requests/{request_id_for('s-0', JUNIOR)}"

    caller.principal = participant(JUNIOR)
    own = await http.get(path)
    caller.principal = participant(SENIOR)
    partner = await http.get(path)
    caller.principal = ADMIN
    admin = await http.get(path)

    assert own.status_code == 200
    assert own.json()["participant_id"] == JUNIOR
    assert partner.status_code == 403
    assert admin.status_code == 200
