"""No submitted value comes back in an error answer, even when a validator quotes it."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from services.matching.entrypoints.request_parts import ParticipantProfileBody
from services.notifications.entrypoints.api import StrictPreferencesBody
from shared.http.errors import install_error_handlers
from tests.unit.shared.sample_events import PROFILE

MARK = "ECHOMARK<script>alert(1)</script>"


def probe_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/participants")
    async def participants(body: ParticipantProfileBody) -> dict[str, str]:
        return {"ok": body.participant_id}

    @app.put("/preferences")
    async def preferences(body: StrictPreferencesBody) -> dict[str, str]:
        return {"ok": "yes"}

    return app


async def send(method: str, path: str, body: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=probe_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, path, json=body)


async def test_an_unknown_time_zone_is_refused_without_quoting_it() -> None:
    person = {**PROFILE.model_dump(mode="json"), "timezone": f"Europe/{MARK}"}
    response = await send("POST", "/participants", person)
    assert response.status_code == 422
    assert "ECHOMARK" not in response.text
    (problem,) = response.json()["problems"]
    assert problem["loc"] == ["body", "timezone"]
    assert "time zone" in problem["msg"]


async def test_preferences_with_an_unknown_zone_are_refused_without_quoting_it() -> None:
    response = await send("PUT", "/preferences", {"timezone": MARK})
    assert response.status_code == 422
    assert "ECHOMARK" not in response.text
    assert response.json()["problems"]


async def test_a_refused_email_is_not_quoted_nor_any_other_field() -> None:
    person = {**PROFILE.model_dump(mode="json"), "email": f"{MARK}@", "display_name": MARK}
    response = await send("POST", "/participants", person)
    assert response.status_code == 422
    assert "ECHOMARK" not in response.text
    assert all(set(p) == {"loc", "msg", "type"} for p in response.json()["problems"])
