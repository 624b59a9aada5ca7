"""The home page offers the self-assessment of the program's phase: before, then after."""

from __future__ import annotations

from datetime import date

from services.portal.domain.self_assessment_phase import assessment_phase
from tests.unit.portal.participant_fakes import PROGRAM, participant_portal


def test_the_first_half_asks_for_the_before_and_the_second_half_for_the_after() -> None:
    start, end = date(2027, 1, 4), date(2027, 7, 4)
    assert assessment_phase(start, end, date(2026, 12, 1)) == "pre"
    assert assessment_phase(start, end, date(2027, 3, 1)) == "pre"
    assert assessment_phase("2027-01-04", "2027-07-04", date(2027, 5, 1)) == "post"
    assert assessment_phase(start, end, date(2027, 9, 1)) == "post"
    assert assessment_phase(None, end, date(2027, 9, 1)) == "pre"


def test_home_links_the_after_assessment_once_the_program_is_past_its_midpoint() -> None:
    portal, apis = participant_portal()
    brief = {
        "program_id": PROGRAM,
        "name": "Reverse mentoring EMEA",
        "region": "emea",
        "start_date": "2020-01-01",
        "end_date": "2021-01-01",
    }

    async def programs(token: str, participant_id: str) -> list[dict[str, object]]:
        return [{"program": brief, "role": "junior", "status": "active"}]

    apis["matching"].participant_programs = programs
    page = portal.client.get("/me")
    assert page.status_code == 200, page.text
    assert f"/me/programs/{PROGRAM}/self-assessment/post" in page.text
    assert "Rate your skills again now that the program is ending" in page.text
