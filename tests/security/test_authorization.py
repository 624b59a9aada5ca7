"""Who may do what, on the real data of two regional programs (emea, apac).

A program admin of one region (or of one program) reads and changes only that region's
programs, in every service; a participant sees only their own data, never another person's
feedback; platform admins see everything. Refused changes change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.security.tokens import PLATFORM_ADMIN, hs256
from tests.security.world import SecuredWorld

pytestmark = pytest.mark.integration

REGION_ADMIN = hs256("admin-of-emea", ["program_admin"], regions=["emea"])
PROGRAM_ADMIN = hs256("admin-of-sec-emea", ["program_admin"], programs=["sec-emea"])
ADMINS_OF_EMEA = {"region admin": REGION_ADMIN, "program admin": PROGRAM_ADMIN}


@dataclass(frozen=True)
class Call:
    service: str
    method: str
    path: Callable[[SecuredWorld], str]
    body: Any = None


def pair(world: SecuredWorld, program: str, index: int = 0) -> dict[str, Any]:
    return world.pairs[program][index]


def session_of(world: SecuredWorld, program: str, index: int = 0) -> str:
    return str(world.sessions[pair(world, program, index)["pair_id"]]["session_id"])


def request_of(world: SecuredWorld, program: str, role: str) -> dict[str, Any]:
    return next(r for r in world.requests[program] if r["role"] == role)


APAC_PERSON = "sec-apac-j0"
POLICY_CHANGE = {"policy": {"min_seniority_gap": 1}}
ADMIN_CONTACT = {"display_name": "Someone Else", "email": "someone@example.org"}

OTHER_REGION: dict[str, Call] = {
    "read the program": Call("matching", "GET", lambda w: "/programs/sec-apac"),
    "change the program's policy": Call(
        "matching", "PATCH", lambda w: "/programs/sec-apac", POLICY_CHANGE
    ),
    "read a participant": Call(
        "matching", "GET", lambda w: f"/programs/sec-apac/participants/{APAC_PERSON}"
    ),
    "erase a participant": Call(
        "matching", "DELETE", lambda w: f"/programs/sec-apac/participants/{APAC_PERSON}"
    ),
    "run a matching round": Call(
        "matching", "POST", lambda w: "/programs/sec-apac/rounds", {"dry_run": True}
    ),
    "list the pairs": Call("matching", "GET", lambda w: "/programs/sec-apac/pairs"),
    "list the series": Call("scheduling", "GET", lambda w: "/programs/sec-apac/series"),
    "read a pair's sessions": Call(
        "scheduling", "GET", lambda w: f"/pairs/{pair(w, 'sec-apac')['pair_id']}/sessions"
    ),
    "cancel a session": Call(
        "scheduling", "POST", lambda w: f"/sessions/{session_of(w, 'sec-apac', 1)}/cancel"
    ),
    "read pair health": Call("feedback", "GET", lambda w: "/programs/sec-apac/pair-health"),
    "read insights": Call("feedback", "GET", lambda w: "/programs/sec-apac/insights"),
    "read region insights": Call("feedback", "GET", lambda w: "/insights?region=apac"),
    "read a feedback request": Call(
        "feedback",
        "GET",
        lambda w: f"/feedback-requests/{request_of(w, 'sec-apac', 'junior')['request_id']}",
    ),
    "list admin contacts": Call(
        "notifications", "GET", lambda w: "/notifications/programs/sec-apac/admin-contacts"
    ),
    "add an admin contact": Call(
        "notifications",
        "PUT",
        lambda w: "/notifications/programs/sec-apac/admin-contacts/intruder",
        ADMIN_CONTACT,
    ),
}


async def call(world: SecuredWorld, c: Call, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=world.url(c.service), timeout=30) as http:
        return await http.request(c.method, c.path(world), json=c.body, headers=headers)


@pytest.mark.parametrize("who", sorted(ADMINS_OF_EMEA))
@pytest.mark.parametrize("action", sorted(OTHER_REGION))
async def test_an_admin_of_one_region_cannot_touch_another_regions_program(
    secured: SecuredWorld, who: str, action: str
) -> None:
    response = await call(secured, OTHER_REGION[action], ADMINS_OF_EMEA[who])
    assert response.status_code == 403, response.text


@pytest.mark.parametrize("who", sorted(ADMINS_OF_EMEA))
async def test_an_admin_reads_their_own_regions_program_in_every_service(
    secured: SecuredWorld, who: str
) -> None:
    headers = ADMINS_OF_EMEA[who]
    own = [
        Call("matching", "GET", lambda w: "/programs/sec-emea"),
        Call("scheduling", "GET", lambda w: "/programs/sec-emea/series"),
        Call("feedback", "GET", lambda w: "/programs/sec-emea/pair-health"),
        Call("notifications", "GET", lambda w: "/notifications/programs/sec-emea/admin-contacts"),
    ]
    for c in own:
        response = await call(secured, c, headers)
        assert response.status_code == 200, (c, response.text)


async def test_program_lists_show_only_what_an_admin_administers(secured: SecuredWorld) -> None:
    response = await call(secured, Call("matching", "GET", lambda w: "/programs"), REGION_ADMIN)
    programs = response.json()["items"]
    assert [p["program_id"] for p in programs if p["program_id"].startswith("sec-")] == ["sec-emea"]
    assert all(p["settings"]["region"] == "emea" for p in programs)
    apac_person = Call("feedback", "GET", lambda w: "/participants/sec-apac-j0/feedback-requests")
    assert (await call(secured, apac_person, REGION_ADMIN)).json() == []


async def test_refused_changes_change_nothing(secured: SecuredWorld) -> None:
    read = Call("matching", "GET", lambda w: "/programs/sec-apac")
    before = (await call(secured, read, PLATFORM_ADMIN)).json()
    for action in ("change the program's policy", "erase a participant", "cancel a session"):
        assert (await call(secured, OTHER_REGION[action], REGION_ADMIN)).status_code == 403
    assert (await call(secured, read, PLATFORM_ADMIN)).json() == before
    person = Call("matching", "GET", lambda w: f"/programs/sec-apac/participants/{APAC_PERSON}")
    assert (await call(secured, person, PLATFORM_ADMIN)).json()["status"] == "active"
    series = await call(secured, OTHER_REGION["read a pair's sessions"], PLATFORM_ADMIN)
    assert {s["status"] for s in series.json()["sessions"]} <= {"scheduled", "completed"}


def profile_of(world: SecuredWorld, participant_id: str) -> dict[str, Any]:
    person = next(p for p in world.people() if p.participant_id == participant_id)
    return person.profile("Europe/London") | {"location": "Somewhere else"}


def participant_calls(world: SecuredWorld) -> dict[str, Call]:
    """What the emea junior of pair 0 tries on their partner, another pair and other people."""
    partner_request = request_of(world, "sec-emea", "senior")["request_id"]
    other_pair = pair(world, "sec-emea", 1)
    partner = pair(world, "sec-emea")["senior_id"]
    answer = {"ratings": {"value": 1, "preparation": 1}, "would_continue": False}
    return {
        "read the partner's feedback": Call(
            "feedback", "GET", lambda w: f"/feedback-requests/{partner_request}"
        ),
        "answer for the partner": Call(
            "feedback", "POST", lambda w: f"/feedback-requests/{partner_request}/answer", answer
        ),
        "edit the partner's answer": Call(
            "feedback", "PUT", lambda w: f"/feedback-requests/{partner_request}/answer", answer
        ),
        "list the partner's requests": Call(
            "feedback", "GET", lambda w: f"/participants/{partner}/feedback-requests"
        ),
        "read program insights": Call("feedback", "GET", lambda w: "/programs/sec-emea/insights"),
        "read another person's profile": Call(
            "matching", "GET", lambda w: f"/programs/sec-emea/participants/{partner}"
        ),
        "change another person's profile": Call(
            "matching",
            "PUT",
            lambda w: f"/programs/sec-emea/participants/{partner}",
            profile_of(world, partner),
        ),
        "erase another person": Call(
            "matching", "DELETE", lambda w: f"/programs/sec-emea/participants/{partner}"
        ),
        "read the program": Call("matching", "GET", lambda w: "/programs/sec-emea"),
        "read another pair's sessions": Call(
            "scheduling", "GET", lambda w: f"/pairs/{other_pair['pair_id']}/sessions"
        ),
        "cancel another pair's session": Call(
            "scheduling", "POST", lambda w: f"/sessions/{session_of(w, 'sec-emea', 1)}/cancel"
        ),
        "list another person's sessions": Call(
            "scheduling", "GET", lambda w: f"/participants/{partner}/sessions"
        ),
        "read another person's inbox": Call(
            "notifications", "GET", lambda w: f"/notifications/inbox/{partner}"
        ),
        "change another person's preferences": Call(
            "notifications",
            "PUT",
            lambda w: f"/notifications/preferences/{partner}",
            {"email": False},
        ),
        "read admin contacts": Call(
            "notifications", "GET", lambda w: "/notifications/programs/sec-emea/admin-contacts"
        ),
    }


async def test_a_participant_cannot_reach_anyone_elses_data(secured: SecuredWorld) -> None:
    me = pair(secured, "sec-emea")["junior_id"]
    refused = {}
    for action, c in participant_calls(secured).items():
        response = await call(secured, c, hs256(me, ["participant"]))
        if response.status_code != 403:
            refused[action] = (response.status_code, response.text[:200])
    assert refused == {}


async def test_a_participant_sees_their_own_feedback_and_private_note_admins_never_do(
    secured: SecuredWorld,
) -> None:
    mine = request_of(secured, "sec-emea", "junior")
    me = mine["participant_id"]
    path = f"/feedback-requests/{mine['request_id']}"
    own = await call(secured, Call("feedback", "GET", lambda w: path), hs256(me, ["participant"]))
    assert own.status_code == 200
    assert own.json()["answer"]["private_note"].startswith("Confidential remark")
    for headers in (REGION_ADMIN, PLATFORM_ADMIN):
        seen = await call(secured, Call("feedback", "GET", lambda w: path), headers)
        assert seen.status_code == 200
        assert seen.json()["answer"]["private_note"] is None
    sessions = await call(
        secured,
        Call("scheduling", "GET", lambda w: f"/participants/{me}/sessions"),
        hs256(me, ["participant"]),
    )
    assert [s["pair_id"] for s in sessions.json()] == [pair(secured, "sec-emea")["pair_id"]]
