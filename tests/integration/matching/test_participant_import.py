"""`twoway participants import` against a running matching service."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli.main import main as twoway
from services.matching.bootstrap import create_app
from tests.integration.matching.matching_env import PLATFORM, SECRET, env, program_body
from tests.support.service_runner import running_service, wait_until_ready

pytestmark = pytest.mark.integration
__all__ = ["env"]

HEADER = (
    "participant_id,role,display_name,email,department,location,timezone,languages,"
    "seniority_level,skills_offered,learning_goals,availability\n"
)


async def test_import_reports_bad_rows_by_line_and_imports_the_valid_ones(
    env: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        f"j{i},junior,Junior {i},j{i}@example.com,IT,Berlin,Europe/Berlin,en,2,"
        "generative ai:4,negotiation:3,tue 09:00-12:00\n"
        for i in range(3)
    ]
    rows.insert(1, "bad,junior,Bad,not-an-email,IT,Berlin,Europe/Berlin,en,2,,,\n")
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    monkeypatch.setenv("TWOWAY_AUTH_HS256_SECRET", SECRET)
    async with running_service(create_app(env["settings"])) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            assert (await http.post("/programs", json=program_body("emea"))).status_code == 201
        args = ["participants", "import", str(path), "--program", "emea", "--url", url]
        status = await asyncio.to_thread(twoway, args)
        first = capsys.readouterr()
        again = await asyncio.to_thread(twoway, args)
        second = capsys.readouterr()
        async with httpx.AsyncClient(base_url=url, headers=PLATFORM) as http:
            view = (await http.get("/programs/emea")).json()
    assert status == 1  # one row was refused
    assert "line 3: email" in first.err
    assert "joined 3, unchanged 0, rejected 1" in first.out
    assert "imported 3/3 valid rows" in first.err
    assert again == 1
    assert "joined 0, unchanged 3, rejected 1" in second.out
    assert view["participants"] == {"active": 3}
