"""`twoway programs ...` and `twoway pairs ...` against a small fake matching service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli import pairs, programs
from cli.main import main as twoway

PROGRAM = {
    "program_id": "emea-2026",
    "settings": {
        "name": "Reverse mentoring",
        "region": "emea",
        "timezone": "Europe/Berlin",
        "locales": ["en"],
        "start_date": "2026-03-02",
        "end_date": "2026-09-01",
    },
    "policy": {"min_seniority_gap": 2},
}


def view(program_id: str, region: str = "emea") -> dict[str, Any]:
    return {
        "program_id": program_id,
        "settings": {**PROGRAM["settings"], "region": region},  # type: ignore[dict-item]
        "program_version": 2,
        "policy": {},
        "policy_version": 3,
        "participants": {"active": 4},
        "active_pairs": 1,
    }


class FakeMatching:
    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path, query = request.url.path, dict(request.url.params)
        if request.method == "POST" and path == "/programs":
            return httpx.Response(201, json=view(json.loads(request.content)["program_id"]))
        if request.method == "PATCH" and path == "/programs/emea-2026":
            return httpx.Response(200, json=view("emea-2026"))
        if path == "/programs" and "cursor" not in query:
            return httpx.Response(
                200, json={"items": [view("a-1")], "next_cursor": "next", "total": 2}
            )
        if path == "/programs":
            return httpx.Response(
                200, json={"items": [view("b-2")], "next_cursor": None, "total": 2}
            )
        if path == "/programs/emea-2026/pairs":
            pair = {
                "pair_id": "pair-1",
                "junior_id": "j1",
                "senior_id": "s1",
                "status": "active",
                "score": 12.3456,
                "round_id": "r1",
            }
            return httpx.Response(200, json={"items": [pair], "next_cursor": None, "total": 1})
        if path == "/programs/emea-2026/pairs/pair-1/end":
            body = {"pair_id": "pair-1", "junior_id": "j1", "senior_id": "s1"}
            return httpx.Response(200, json=body)
        problem = {"error": "not_found", "message": "program not found", "problems": []}
        return httpx.Response(404, json=problem)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMatching:
    service = FakeMatching()

    def fake_client(args: Any, timeout: float = 120.0) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(service.handle), base_url=args.url)

    monkeypatch.setattr(programs, "client", fake_client)
    monkeypatch.setattr(pairs, "client", fake_client)
    return service


def write(tmp_path: Path, body: Any, name: str = "program.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body), encoding="utf-8")
    return str(path)


def test_launch_sends_the_program_file_as_it_is(
    fake: FakeMatching, tmp_path: Path, capsys: Any
) -> None:
    assert twoway(["programs", "launch", write(tmp_path, PROGRAM), "--token", "t"]) == 0
    assert json.loads(fake.seen[0].content) == PROGRAM
    assert "launched emea-2026 (emea, 2026-03-02 to 2026-09-01)" in capsys.readouterr().out


def test_update_takes_the_launch_file_without_its_id(
    fake: FakeMatching, tmp_path: Path, capsys: Any
) -> None:
    status = twoway(["programs", "update", "emea-2026", write(tmp_path, PROGRAM), "--token", "t"])
    assert status == 0
    assert fake.seen[0].method == "PATCH"
    assert json.loads(fake.seen[0].content) == {
        "settings": PROGRAM["settings"],
        "policy": PROGRAM["policy"],
    }
    assert "policy version 3" in capsys.readouterr().out


def test_update_refuses_another_programs_file(
    fake: FakeMatching, tmp_path: Path, capsys: Any
) -> None:
    status = twoway(["programs", "update", "apac-2026", write(tmp_path, PROGRAM), "--token", "t"])
    assert status == 1
    assert fake.seen == []
    assert "another program" in capsys.readouterr().err


def test_list_follows_every_page_and_prints_a_table(fake: FakeMatching, capsys: Any) -> None:
    assert twoway(["programs", "list", "--region", "emea", "--token", "t"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "PROGRAM",
        "NAME",
        "REGION",
        "START",
        "END",
        "ACTIVE",
        "PAIRS",
        "POLICY",
    ]
    assert [line.split()[0] for line in lines[1:]] == ["a-1", "b-2"]
    assert dict(fake.seen[1].url.params) == {"region": "emea", "limit": "200", "cursor": "next"}


def test_pairs_list_as_json_and_end(fake: FakeMatching, capsys: Any) -> None:
    args = ["pairs", "list", "--program", "emea-2026", "--status", "active", "--format", "json"]
    assert twoway([*args, "--token", "t"]) == 0
    assert [p["pair_id"] for p in json.loads(capsys.readouterr().out)] == ["pair-1"]
    assert twoway(["pairs", "end", "pair-1", "--program", "emea-2026", "--token", "t"]) == 0
    assert json.loads(fake.seen[-1].content) == {"reason": "admin"}
    assert "ended pair-1 (j1 and s1)" in capsys.readouterr().out


def test_errors_are_one_line_and_exit_1(fake: FakeMatching, tmp_path: Path, capsys: Any) -> None:
    missing = twoway(["pairs", "list", "--program", "nope", "--token", "t"])
    broken = tmp_path / "broken.json"
    broken.write_text('{"program_id": "x",\n', encoding="utf-8")
    not_json = twoway(["programs", "launch", str(broken), "--token", "t"])
    absent = twoway(["programs", "launch", str(tmp_path / "absent.json"), "--token", "t"])
    err = capsys.readouterr().err
    assert (missing, not_json, absent) == (1, 1, 1)
    assert "error: HTTP 404: program not found" in err
    assert "not JSON (line 2, column 1" in err
    assert "no such file" in err
    assert "Traceback" not in err


def test_an_unreachable_service_is_a_message_not_a_traceback(capsys: Any) -> None:
    status = twoway(["programs", "list", "--url", "http://127.0.0.1:9", "--token", "t"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("error: no answer from http://127.0.0.1:9")
