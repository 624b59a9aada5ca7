"""A matching round's pairs all meet: matching and scheduling on one real broker.

The program is built to catch both services disagreeing: a junior who would take three
seniors but has two free hours a week, a junior free around the clock (00:00-24:00 every
day), and two seniors who can only make the same hour of a junior's two.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.matching.bootstrap import MatchingSettings
from services.matching.bootstrap import create_app as matching_app
from services.scheduling.bootstrap import create_app as scheduling_app
from tests.integration.scheduling.scenario import SECRET, clock, settings, token, wait_for
from tests.support.service_runner import running_service, wait_until_ready
from tests.support.service_settings import quick_settings

pytestmark = pytest.mark.integration

PROGRAM = "round-to-series"
ADMIN = token("admin-1", ["platform_admin"])
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def window(day: str, start: str, end: str) -> dict[str, str]:
    return {"day": day, "start": start, "end": end}


def person(pid: str, role: str, availability: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    junior = role == "junior"
    return {
        "participant_id": pid,
        "role": role,
        "display_name": f"Person {pid}",
        "email": f"{pid}@example.com",
        "department": "IT" if junior else "Sales",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": 2 if junior else 7,
        "skills_offered": [{"skill": "generative ai" if junior else "negotiation", "level": 4}],
        "learning_goals": [{"skill": "negotiation" if junior else "generative ai", "priority": 4}],
        "availability": availability,
        **extra,
    }


def people() -> list[dict[str, Any]]:
    around_the_clock = [window(day, "00:00", "24:00") for day in EVERY_DAY]
    tuesday_late_morning = [window("tue", "10:00", "12:00")]
    wide_tuesday = [window("tue", "09:00", "13:00")]
    wednesday_ten = [window("wed", "10:00", "11:00")]
    return [
        person("j-two-hours", "junior", tuesday_late_morning, capacity=3),
        person("j-always", "junior", around_the_clock, capacity=3),
        person("j-wednesday", "junior", [window("wed", "10:00", "12:00")], capacity=2),
        *(person(f"s-tuesday-{n}", "senior", wide_tuesday) for n in range(1, 4)),
        *(person(f"s-always-{n}", "senior", around_the_clock) for n in range(1, 3)),
        *(person(f"s-wednesday-{n}", "senior", wednesday_ten) for n in range(1, 3)),
    ]


async def test_every_pair_of_a_round_gets_a_planned_series(
    kafka_server: Any, mongo_server: Any, prefix: str
) -> None:
    matching_settings = quick_settings(
        MatchingSettings,
        bootstrap=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        prefix=prefix,
        secret=SECRET,
        log_level="WARNING",
    )
    scheduling = scheduling_app(settings(kafka_server, mongo_server, prefix), clock())
    async with (
        running_service(matching_app(matching_settings)) as matching_url,
        running_service(scheduling) as scheduling_url,
        httpx.AsyncClient(base_url=matching_url, headers=ADMIN) as matching,
        httpx.AsyncClient(base_url=scheduling_url, headers=ADMIN) as sessions,
    ):
        await wait_until_ready(matching_url)
        await wait_until_ready(scheduling_url)
        program = {
            "program_id": PROGRAM,
            "settings": {
                "name": "Pairs that meet",
                "region": "EMEA",
                "timezone": "Europe/Berlin",
                "locales": ["en"],
                "start_date": "2026-03-02",
                "end_date": "2026-05-31",
                "cadence_days": 7,
                "session_minutes": 60,
            },
            "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
        }
        assert (await matching.post("/programs", json=program)).status_code == 201
        joined = await matching.post(
            f"/programs/{PROGRAM}/participants/bulk", json={"participants": people()}
        )
        assert joined.status_code < 300, joined.text
        round_ = await matching.post(f"/programs/{PROGRAM}/rounds", json={})
        assert round_.status_code < 300, round_.text
        pairs = [(p["pair_id"], p["junior_id"], p["senior_id"]) for p in round_.json()["pairs"]]

        # Two free hours hold two seniors, not three; one hour holds one of the two seniors
        # who can only make it (the other is explained, not announced).
        assert sum(junior == "j-two-hours" for _, junior, _ in pairs) == 2
        assert sum(senior.startswith("s-wednesday") for _, junior, senior in pairs
                   if junior == "j-wednesday") <= 1  # fmt: skip
        assert len(pairs) >= 6
        assert sum(junior == "j-always" for _, junior, _ in pairs) >= 2

        async def outcome(pair_id: str) -> dict[str, Any]:
            response = await sessions.get(f"/pairs/{pair_id}/sessions")
            body: dict[str, Any] = response.json() if response.status_code == 200 else {}
            return body if body.get("status") in {"planned", "unschedulable"} else {}

        for pair_id, junior_id, senior_id in pairs:
            series = await wait_for(lambda pair_id=pair_id: outcome(pair_id), timeout=60)
            assert series["status"] == "planned", (junior_id, senior_id, series)
            assert len(series["sessions"]) == 13  # every week from 2 March to 31 May
