"""Request bodies are read as the wire says: a number is never a boolean, a string is never a
number, while ISO dates and times given as JSON strings still load."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import pytest
from fastapi import FastAPI, Query

from services.matching.entrypoints.request_parts import (
    ParticipantProfileBody,
    ProgramLaunchBody,
    RoundRequestBody,
)
from services.notifications.entrypoints.api import MarkReadBody
from shared.http.errors import install_error_handlers
from shared.http.strict_body import QueryFlag
from tests.unit.shared.sample_events import PROFILE, SETTINGS


def probe_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/rounds")
    async def rounds(body: RoundRequestBody) -> dict[str, bool]:
        return {"dry_run": body.dry_run}

    @app.post("/programs")
    async def programs(body: ProgramLaunchBody) -> dict[str, str]:
        return {"program_id": body.program_id}

    @app.post("/participants")
    async def participants(body: ParticipantProfileBody) -> dict[str, int]:
        return {"seniority_level": body.seniority_level}

    @app.post("/read")
    async def read(body: MarkReadBody) -> dict[str, bool]:
        return {"all": body.all}

    return app


async def post(path: str, body: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=probe_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(path, json=body)


def launch(**policy: Any) -> dict[str, Any]:
    return {
        "program_id": "strict-1",
        "settings": SETTINGS.model_dump(mode="json"),
        "policy": policy,
    }


def profile(**changes: Any) -> dict[str, Any]:
    return {**PROFILE.model_dump(mode="json"), **changes}


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/rounds", {"dry_run": 0}, ["body", "dry_run"]),
        ("/rounds", {"dry_run": "true"}, ["body", "dry_run"]),
        ("/read", {"all": 0}, ["body", "all"]),
        ("/programs", launch(rematch_on_risk=1), ["body", "policy", "rematch_on_risk"]),
        ("/programs", launch(top_k="3"), ["body", "policy", "top_k"]),
        (
            "/programs",
            launch(weights={"match_bonus": "10"}),
            ["body", "policy", "weights", "match_bonus"],
        ),
        ("/programs", launch(top_k=3.5), ["body", "policy", "top_k"]),
        ("/participants", profile(seniority_level="2"), ["body", "seniority_level"]),
        ("/participants", profile(capacity=True), ["body", "capacity"]),
    ],
)
async def test_a_coercible_value_of_the_wrong_json_type_is_refused(
    path: str, body: dict[str, Any], where: list[str]
) -> None:
    response = await post(path, body)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer["error"] == "invalid_request"
    assert [p["loc"] for p in answer["problems"]] == [where]
    assert all("input" not in p for p in answer["problems"])


async def test_values_of_the_right_json_type_load_dates_and_times_included() -> None:
    assert (await post("/rounds", {"dry_run": True})).json() == {"dry_run": True}
    assert (await post("/read", {"all": True})).json() == {"all": True}
    # As in JSON Schema, 4.0 is an integer: a number without a fractional part.
    good_policy = launch(top_k=4.0, rematch_on_risk=False, seniority_sweet_spot=[2, 5])
    good_policy["policy"]["weights"] = {"match_bonus": 12, "junior_teaches": 0.5}
    assert (await post("/programs", good_policy)).json() == {"program_id": "strict-1"}
    person = await post("/participants", profile(seniority_level=3.0))
    assert person.json() == {"seniority_level": 3}, person.text


def flag_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/inbox")
    async def inbox(unread_only: Annotated[QueryFlag, Query()] = False) -> dict[str, bool]:
        return {"unread_only": unread_only}

    return app


@pytest.mark.parametrize(
    ("given", "status"), [("true", 200), ("false", 200), ("0", 422), ("yes", 422), ("1", 422)]
)
async def test_a_query_flag_is_true_or_false_only(given: str, status: int) -> None:
    transport = httpx.ASGITransport(app=flag_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/inbox", params={"unread_only": given})
    assert response.status_code == status, response.text
    if status == 200:
        assert response.json() == {"unread_only": given == "true"}
