"""Program insights, their CSV export and CLI, self-assessments and metrics, end to end."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.main import main as twoway
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.scenario import (
    Pair,
    answer,
    new_id,
    participant_joined,
    program_launched,
)

pytestmark = pytest.mark.integration

NOTE = "note-that-must-never-be-exported"


@dataclass
class Program:
    program_id: str
    region: str
    pairs: list[Pair]

    def admin(self, feedback: FeedbackHarness) -> dict[str, str]:
        return feedback.token("hr-admin", "program_admin", programs=[self.program_id])


async def answer_as(
    feedback: FeedbackHarness, pair: Pair, person: str, body: dict[str, Any]
) -> None:
    request_id = await feedback.request_for(pair.pair_id, person)
    response = await feedback.http.post(
        f"/feedback-requests/{request_id}/answer", json=body, headers=feedback.token(person)
    )
    assert response.status_code == 201, response.text


async def assess(feedback: FeedbackHarness, program_id: str, who: str, phase: str, level: int):
    response = await feedback.http.put(
        f"/programs/{program_id}/self-assessments/{phase}",
        json={"levels": [{"skill": "generative ai", "level": level}]},
        headers=feedback.token(who),
    )
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
async def program(feedback: FeedbackHarness) -> Program:
    """Three pairs, minimum group size 3: seniors (3 answers) are shown, juniors (2) are not."""
    program_id = new_id("prog")
    region = f"R{uuid.uuid4().hex[:8]}"
    now = feedback.now()
    pairs = [Pair(program_id) for _ in range(3)]
    await feedback.publish(
        program_launched(program_id, now, region=region, min_group_size=3, cohort="spring")
    )
    for pair in pairs:
        await feedback.publish(
            participant_joined(
                program_id, pair.junior_id, "junior", now, offers=("generative ai",)
            ),
            participant_joined(program_id, pair.senior_id, "senior", now, offers=("negotiation",)),
            pair.created(now),
            pair.completed(now),
        )
    await wait_for(
        lambda: feedback.db["programs"].find_one(
            {"_id": program_id, "skills": {"$all": ["generative ai", "negotiation"]}}
        )
    )
    for index, pair in enumerate(pairs):
        senior = answer(
            5 - index,
            junior=False,
            learned=("generative ai",),
            taught=("negotiation",) if index == 0 else (),
            note=NOTE,
        )
        await answer_as(feedback, pair, pair.senior_id, senior)
        if index < 2:
            junior = answer(4, junior=True, taught=("generative ai",))
            await answer_as(feedback, pair, pair.junior_id, junior)
        await assess(feedback, program_id, pair.senior_id, "pre", 1 + index % 2)
        await assess(feedback, program_id, pair.senior_id, "post", 4)
    return Program(program_id, region, pairs)


async def test_program_insights_show_large_groups_and_suppress_small_ones(
    feedback: FeedbackHarness, program: Program
) -> None:
    response = await feedback.http.get(
        f"/programs/{program.program_id}/insights", headers=program.admin(feedback)
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["scope"] == {
        "program_id": program.program_id,
        "cohort": "spring",
        "region": program.region,
    }
    assert report["min_group_size"] == 3
    activity = report["activity"]
    assert (activity["sessions_held"], activity["feedback_requests"]) == (3, 6)
    assert activity["feedback_answered"] == 5
    assert activity["pairs_active"] == 3
    assert report["ratings"]["respondents"] == 5
    assert report["ratings"]["value_avg"] == round((5 + 4 + 3 + 4 + 4) / 5, 2)
    assert report["ratings"]["nps"] == 0.0  # one promoter (5), one detractor (3) of five
    roles = {g["group"]: g["ratings"] for g in report["groups"] if g["dimension"] == "role"}
    assert roles["senior"]["suppressed"] is False
    assert roles["senior"]["value_avg"] == 4.0
    assert roles["junior"]["suppressed"] is True
    assert roles["junior"]["value_avg"] is None
    cells = {(c["direction"], c["skill"]): c for c in report["learning_matrix"]}
    juniors_taught = cells[("junior_to_senior", "generative ai")]
    assert (juniors_taught["respondents"], juniors_taught["mentions"]) == (5, 5)
    assert cells[("senior_to_junior", "negotiation")]["suppressed"] is True
    [growth] = report["skill_growth"]
    assert (growth["skill"], growth["respondents"], growth["mean_post"]) == (
        "generative ai",
        3,
        4.0,
    )
    assert growth["mean_change"] == round(((4 - 1) + (4 - 2) + (4 - 1)) / 3, 2)
    assert NOTE not in response.text


async def test_insights_export_as_csv_over_http_and_the_cli(
    feedback: FeedbackHarness, program: Program, tmp_path: Path
) -> None:
    headers = program.admin(feedback)
    response = await feedback.http.get(
        f"/programs/{program.program_id}/insights", params={"format": "csv"}, headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    junior_value = [
        r["value"] for r in rows if (r["group"], r["metric"]) == ("junior", "value_avg")
    ]
    assert junior_value == ["suppressed"]

    token = headers["Authorization"].removeprefix("Bearer ")
    out_csv, out_json = tmp_path / "insights.csv", tmp_path / "insights.json"
    common = ["insights", "--url", feedback.url, "--token", token, "--program", program.program_id]
    exit_csv = await asyncio.to_thread(twoway, [*common, "--format", "csv", "--out", str(out_csv)])
    exit_json = await asyncio.to_thread(twoway, [*common, "--out", str(out_json)])
    assert (exit_csv, exit_json) == (0, 0)
    assert out_csv.read_text(encoding="utf-8") == response.text
    assert json.loads(out_json.read_text(encoding="utf-8"))["activity"]["sessions_held"] == 3


async def test_insights_are_only_for_admins_of_that_program_or_region(
    feedback: FeedbackHarness, program: Program
) -> None:
    path = f"/programs/{program.program_id}/insights"
    participant = program.pairs[0].senior_id
    statuses = {
        "other program admin": feedback.token("hr-2", "program_admin", programs=["elsewhere"]),
        "participant": feedback.token(participant),
        "region admin": feedback.token("hr-3", "program_admin", regions=[program.region]),
        "platform admin": feedback.token("ops", "platform_admin"),
    }
    got = {
        who: (await feedback.http.get(path, headers=h)).status_code for who, h in statuses.items()
    }
    assert got == {
        "other program admin": 403,
        "participant": 403,
        "region admin": 200,
        "platform admin": 200,
    }
    assert (await feedback.http.get(path)).status_code == 401
    unknown = await feedback.http.get(
        "/programs/no-such-program/insights", headers=statuses["platform admin"]
    )
    assert unknown.status_code == 404

    region = await feedback.http.get(
        "/insights", params={"region": program.region}, headers=statuses["region admin"]
    )
    assert region.status_code == 200
    groups = {(g["dimension"], g["group"]) for g in region.json()["groups"]}
    assert {("cohort", "spring"), ("program", program.program_id)} <= groups
    outsider = await feedback.http.get(
        "/insights", params={"region": program.region}, headers=statuses["other program admin"]
    )
    assert outsider.status_code == 403


async def test_self_assessments_are_kept_per_participant_of_the_program(
    feedback: FeedbackHarness, program: Program
) -> None:
    senior = program.pairs[0].senior_id
    mine = await feedback.http.get(
        f"/programs/{program.program_id}/self-assessments/me", headers=feedback.token(senior)
    )
    assert sorted(a["phase"] for a in mine.json()) == ["post", "pre"]
    stranger = await feedback.http.put(
        f"/programs/{program.program_id}/self-assessments/pre",
        json={"levels": [{"skill": "generative ai", "level": 2}]},
        headers=feedback.token(new_id("stranger")),
    )
    assert stranger.status_code == 403
    unknown_skill = await feedback.http.put(
        f"/programs/{program.program_id}/self-assessments/pre",
        json={"levels": [{"skill": "knitting", "level": 2}]},
        headers=feedback.token(senior),
    )
    assert unknown_skill.status_code == 422
    assert unknown_skill.json()["problems"][0]["loc"] == ["body", "levels", "0", "skill"]


async def test_metrics_count_feedback_by_program_and_role_only(
    feedback: FeedbackHarness, program: Program
) -> None:
    metrics = (await feedback.http.get("/metrics")).text
    submitted = f'twoway_feedback_submitted_total{{program="{program.program_id}",role="senior"}}'
    assert f"{submitted} 3.0" in metrics
    histogram = (
        f'twoway_feedback_rating_value_count{{program="{program.program_id}",role="junior"}}'
    )
    assert f"{histogram} 2.0" in metrics
    for pair in program.pairs:
        assert pair.junior_id not in metrics
        assert pair.senior_id not in metrics
