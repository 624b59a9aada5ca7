"""Input limits on every service: oversized bodies are 413 before they are read, too-long lists
and strings are 422 with every problem listed and nothing of the input echoed back."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.security.tokens import PLATFORM_ADMIN, hs256
from tests.security.world import SecuredWorld

pytestmark = pytest.mark.integration

BODY_LIMIT = 1_048_576  # ServiceSettings.max_body_bytes default
WRITES = {
    "matching": ("POST", "/programs"),
    "scheduling": ("POST", "/sessions/probe-1/reschedule"),
    "feedback": ("POST", "/feedback-requests/probe-1/answer"),
    "notifications": ("PUT", "/notifications/preferences/probe-1"),
}
MARKER = "LIMIT-PROBE-"


def oversized() -> bytes:
    return json.dumps({"padding": "x" * (BODY_LIMIT + 10)}).encode()


@pytest.mark.parametrize("service", sorted(WRITES))
async def test_a_body_over_the_limit_is_413_by_its_declared_length(
    secured: SecuredWorld, service: str
) -> None:
    method, path = WRITES[service]
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=60) as http:
        response = await http.request(
            method,
            path,
            content=oversized(),
            headers={**PLATFORM_ADMIN, "content-type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


@pytest.mark.parametrize("service", sorted(WRITES))
async def test_a_streamed_body_without_length_is_cut_off_at_the_limit(
    secured: SecuredWorld, service: str
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        body = oversized()
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536]

    method, path = WRITES[service]
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=60) as http:
        response = await http.request(
            method,
            path,
            content=chunks(),
            headers={**PLATFORM_ADMIN, "content-type": "application/json"},
        )
    assert response.status_code == 413


def profile(pid: str, **changes: Any) -> dict[str, Any]:
    base = {
        "participant_id": pid,
        "role": "junior",
        "display_name": "Limit Probe",
        "email": f"{pid}@example.org",
        "department": "IT",
        "location": "Remote",
        "timezone": "Europe/London",
        "languages": ["en"],
        "seniority_level": 2,
    }
    return base | changes


LONG = MARKER + "y" * 500
TOO_MANY = [f"{MARKER}{i}" for i in range(600)]

INVALID: dict[str, tuple[str, str, str, Any]] = {
    "matching: more than 1000 people in one bulk import": (
        "matching",
        "POST",
        "/programs/sec-emea/participants/bulk",
        {"participants": [profile(f"bulk-{i}") for i in range(1001)]},
    ),
    "matching: a display name over 200 characters": (
        "matching",
        "POST",
        "/programs/sec-emea/participants",
        profile("long-name", display_name=LONG),
    ),
    "matching: more than 50 skills": (
        "matching",
        "POST",
        "/programs/sec-emea/participants",
        profile("many-skills", skills_offered=[{"skill": f"s{i}", "level": 3} for i in range(51)]),
    ),
    "matching: an id with spaces and 200 characters": (
        "matching",
        "POST",
        "/programs",
        {"program_id": "a b" * 70, "settings": {}},
    ),
    "scheduling: a path id over 128 characters": (
        "scheduling",
        "GET",
        "/sessions/" + "s" * 200,
        None,
    ),
    "scheduling: an unparseable start": (
        "scheduling",
        "POST",
        "/sessions/probe-1/reschedule",
        {"start": LONG},
    ),
    "feedback: more than 20 topics": (
        "feedback",
        "POST",
        "/feedback-requests/probe-1/answer",
        {
            "ratings": {"value": 3, "preparation": 3},
            "would_continue": True,
            "topics_learned": TOO_MANY[:21],
        },
    ),
    "feedback: a topic over 80 characters": (
        "feedback",
        "POST",
        "/feedback-requests/probe-1/answer",
        {
            "ratings": {"value": 3, "preparation": 3},
            "would_continue": True,
            "topics_taught": [LONG],
        },
    ),
    "feedback: a private note over 2000 characters": (
        "feedback",
        "POST",
        "/feedback-requests/probe-1/answer",
        {
            "ratings": {"value": 3, "preparation": 3},
            "would_continue": True,
            "private_note": LONG * 5,
        },
    ),
    "notifications: more than 500 message ids": (
        "notifications",
        "POST",
        "/notifications/inbox/probe-1/read",
        {"message_ids": TOO_MANY},
    ),
    "notifications: an admin name over 200 characters": (
        "notifications",
        "PUT",
        "/notifications/programs/sec-emea/admin-contacts/a1",
        {"display_name": LONG, "email": "a@example.org"},
    ),
    "notifications: a path id over 128 characters": (
        "notifications",
        "GET",
        "/notifications/inbox/" + "r" * 200,
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
async def test_too_long_lists_and_strings_are_422_without_echo(
    secured: SecuredWorld, case: str
) -> None:
    service, method, path, body = INVALID[case]
    async with httpx.AsyncClient(base_url=secured.url(service), timeout=60) as http:
        response = await http.request(method, path, json=body, headers=PLATFORM_ADMIN)
    assert response.status_code == 422, response.text[:300]
    payload = response.json()
    assert payload["error"] == "invalid_request"
    assert payload["problems"], payload
    assert all({"loc", "msg", "type"} <= set(p) for p in payload["problems"])
    assert MARKER not in response.text


async def test_a_participant_hitting_a_limit_gets_the_same_clear_422(secured: SecuredWorld) -> None:
    mine = secured.requests["sec-emea"][0]
    headers = hs256(mine["participant_id"], ["participant"])
    body = {"ratings": {"value": 9, "preparation": 0}, "would_continue": "maybe"}
    async with httpx.AsyncClient(base_url=secured.url("feedback"), timeout=60) as http:
        response = await http.put(
            f"/feedback-requests/{mine['request_id']}/answer", json=body, headers=headers
        )
    assert response.status_code == 422
    locations = {tuple(p["loc"]) for p in response.json()["problems"]}
    assert {
        ("body", "ratings", "value"),
        ("body", "ratings", "preparation"),
        ("body", "would_continue"),
    } <= locations
