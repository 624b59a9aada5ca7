"""Matching's paged lists and participant reads, on the real broker and database."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from services.matching.bootstrap import create_app
from tests.integration.matching.matching_env import PLATFORM, env, person, program_body, token
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration
__all__ = ["env"]


def people(n: int) -> list[dict[str, Any]]:
    found = []
    for i in range(n):
        role = "junior" if i % 3 else "senior"
        found.append(
            person(
                f"p{i:04d}",
                role,
                2 if role == "junior" else 7,
                display_name=f"Colleague {i:04d}",
                department="Finance" if i % 10 == 0 else "Sales",
            )
        )
    return found


async def walk(http: httpx.AsyncClient, path: str, **params: Any) -> tuple[list[Any], int]:
    """Every item of a list, page by page; and how many pages it took."""
    items: list[Any] = []
    cursor: str | None = None
    pages = 0
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await http.get(path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


async def test_participant_pages_hold_everyone_exactly_once_with_counts_filters_and_search(
    env: dict[str, Any],
) -> None:
    everyone = people(230)
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
            joined = await http.post(
                "/programs/emea/participants/bulk", json={"participants": everyone}
            )
            assert joined.status_code == 200, joined.text
            assert (await http.post("/programs/emea/participants/p0001/withdraw")).is_success

            items, pages = await walk(http, "/programs/emea/participants", limit=60)
            first = (await http.get("/programs/emea/participants", params={"limit": 60})).json()
            juniors, _ = await walk(http, "/programs/emea/participants", role="junior", limit=50)
            withdrawn = (
                await http.get("/programs/emea/participants", params={"status": "withdrawn"})
            ).json()
            finance, _ = await walk(http, "/programs/emea/participants", q="fINANCE", limit=7)
            by_name = (
                await http.get("/programs/emea/participants", params={"q": "colleague 0042"})
            ).json()

    ids = [p["participant_id"] for p in items]
    assert ids == sorted(p["participant_id"] for p in everyone)  # each once, in order
    assert pages == 4
    assert first["total"] == 230
    assert len(first["items"]) == 60
    assert first["counts"] == {
        "by_status": {"active": 229, "withdrawn": 1},
        "by_role": {"junior": 153, "senior": 77},
    }
    assert "email" not in first["items"][0]
    assert len(juniors) == 153
    assert {p["role"] for p in juniors} == {"junior"}
    assert [p["participant_id"] for p in withdrawn["items"]] == ["p0001"]
    assert withdrawn["total"] == 1
    assert len(finance) == 23
    assert {p["department"] for p in finance} == {"Finance"}
    assert [p["participant_id"] for p in by_name["items"]] == ["p0042"]
    assert by_name["total"] == 1


async def test_a_changed_or_foreign_cursor_is_a_clear_422(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
            body = {"participants": people(5)}
            assert (await http.post("/programs/emea/participants/bulk", json=body)).is_success
            page = (await http.get("/programs/emea/participants", params={"limit": 2})).json()
            cursor = page["next_cursor"]
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            forged = base64.urlsafe_b64encode(raw.replace("p", "q", 1).encode()).decode()
            attempts = {
                "garbage": {"cursor": "%%%not-a-cursor"},
                "forged": {"cursor": forged},
                "other filters": {"cursor": cursor, "role": "junior"},
                "other list": {"cursor": cursor},
                "limit too high": {"limit": 201},
            }
            answers = {}
            for name, params in attempts.items():
                path = "/programs/emea/pairs" if name == "other list" else None
                answers[name] = await http.get(path or "/programs/emea/participants", params=params)
            second = await http.get(
                "/programs/emea/participants", params={"limit": 2, "cursor": cursor}
            )
    for name, answer in answers.items():
        assert answer.status_code == 422, (name, answer.text)
        assert answer.json()["error"] in ("invalid_cursor", "invalid_request")
    assert answers["forged"].json()["error"] == "invalid_cursor"
    assert "%%%" not in answers["garbage"].text  # the submitted value is never echoed
    assert [p["participant_id"] for p in second.json()["items"]] == ["p0002", "p0003"]


async def test_programs_pairs_and_rounds_list_by_page_with_filters(env: dict[str, Any]) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            for pid, region in (("emea", "emea"), ("emea-2", "emea"), ("apac", "apac")):
                body = program_body(pid, region=region)
                body["settings"]["name"] = f"Mentoring {pid.upper()}"
                assert (await http.post("/programs", json=body)).status_code == 201
            body = {"participants": people(12)}
            assert (await http.post("/programs/emea/participants/bulk", json=body)).is_success
            first_round = (await http.post("/programs/emea/rounds", json={})).json()
            programs, _ = await walk(http, "/programs", limit=1)
            emea_only = (await http.get("/programs", params={"region": "emea"})).json()
            searched = (await http.get("/programs", params={"q": "ntoring ap"})).json()
            regional = (
                await http.get("/programs", headers=token(["program_admin"], regions=["apac"]))
            ).json()
            pairs, pages = await walk(http, "/programs/emea/pairs", limit=1, status="active")
            one = first_round["pairs"][0]
            of_person = (
                await http.get("/programs/emea/pairs", params={"participant": one["junior_id"]})
            ).json()
            rounds = (await http.get("/programs/emea/rounds")).json()
            none_ended = (await http.get("/programs/emea/pairs", params={"status": "ended"})).json()
    assert [p["program_id"] for p in programs] == ["apac", "emea", "emea-2"]
    assert emea_only["total"] == 2
    assert [p["program_id"] for p in searched["items"]] == ["apac"]
    assert [p["program_id"] for p in regional["items"]] == ["apac"]
    assert sorted(p["pair_id"] for p in pairs) == sorted(p["pair_id"] for p in first_round["pairs"])
    assert pages == len(first_round["pairs"]) == 4
    assert [p["pair_id"] for p in of_person["items"]] == [one["pair_id"]]
    assert none_ended == {"items": [], "next_cursor": None, "total": 0}
    assert rounds["total"] == 1
    assert rounds["items"][0]["round_id"] == first_round["round_id"]
    assert rounds["items"][0]["pairs"] == 4


async def test_a_participant_reads_their_programs_and_partner_and_nothing_else(
    env: dict[str, Any],
) -> None:
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            for pid in ("emea", "other"):
                assert (await http.post("/programs", json=program_body(pid))).status_code == 201
            duo = [
                person("j1", "junior", 2, reporting_chain=["boss-1"], exclude=["x9"]),
                person("s1", "senior", 7),
            ]
            body = {"participants": duo}
            assert (await http.post("/programs/emea/participants/bulk", json=body)).is_success
            [pair] = (await http.post("/programs/emea/rounds", json={})).json()["pairs"]
            junior, senior = token(["participant"], "j1"), token(["participant"], "s1")
            stranger = token(["participant"], "z9")
            other_admin = token(["program_admin"], programs=["other"])
            mine = await http.get("/participants/j1/programs", headers=junior)
            theirs = await http.get("/participants/j1/programs", headers=stranger)
            admin_view = await http.get("/participants/j1/programs", headers=other_admin)
            platform_view = await http.get("/participants/j1/programs")
            card = await http.get(f"/programs/emea/pairs/{pair['pair_id']}/partner", headers=senior)
            peek = await http.get(
                f"/programs/emea/pairs/{pair['pair_id']}/partner", headers=stranger
            )
            summary = await http.get("/programs/emea/summary", headers=junior)
            not_mine = await http.get("/programs/other/summary", headers=junior)
            own_pairs = await http.get("/programs/emea/pairs", headers=junior)
            others_pairs = await http.get(
                "/programs/emea/pairs", params={"participant": "s1"}, headers=stranger
            )
            participants = await http.get("/programs/emea/participants", headers=junior)
    assert mine.status_code == 200
    [membership] = mine.json()
    assert membership["program"]["program_id"] == "emea"
    assert membership["program"]["name"] == "Reverse mentoring"
    assert (membership["role"], membership["status"]) == ("junior", "active")
    assert theirs.status_code == 403
    assert admin_view.json() == []  # administers "other" only
    assert [m["program"]["program_id"] for m in platform_view.json()] == ["emea"]
    assert card.status_code == 200
    assert card.json()["participant_id"] == "j1"
    assert card.json()["display_name"] == "Person j1"
    assert not {"email", "reporting_chain", "exclude", "availability"} & set(card.json())
    assert peek.status_code == 403
    assert summary.status_code == 200
    assert summary.json()["timezone"] == "Europe/Berlin"
    assert "chat_webhook_url" not in summary.json()
    assert not_mine.status_code == 403
    assert [p["pair_id"] for p in own_pairs.json()["items"]] == [pair["pair_id"]]
    assert others_pairs.status_code == 403
    assert participants.status_code == 403
