"""The pre/post self-assessment is a program setting: the console edits it, the portal obeys it."""

from __future__ import annotations

from typing import Any

from services.portal.domain.admin_forms import parse_settings, settings_fields
from tests.unit.portal.console_data import PROGRAM_ID, console
from tests.unit.portal.fakes import PortalHarness, harness
from tests.unit.portal.participant_fakes import PROGRAM, participant_portal

FORM: dict[str, str | list[str]] = {
    "name": "APAC 2026",
    "region": "apac",
    "timezone": "Asia/Tokyo",
    "locales": ["en"],
    "start_date": "2026-04-01",
    "end_date": "2026-10-31",
    "reminder_offsets_minutes": "1440, 60",
}


def test_a_ticked_box_asks_for_the_self_assessment_and_an_unticked_one_does_not() -> None:
    ticked = parse_settings({**FORM, "self_assessment": "on"}, with_program_id=False)
    unticked = parse_settings(FORM, with_program_id=False)
    assert ticked.ok
    assert unticked.ok
    assert ticked.body["settings"]["self_assessment"] is True
    assert unticked.body["settings"]["self_assessment"] is False


def test_a_program_saved_before_the_setting_existed_shows_the_box_ticked() -> None:
    assert settings_fields({"name": "EMEA"})["self_assessment"] == "on"
    assert settings_fields({"name": "EMEA", "self_assessment": True})["self_assessment"] == "on"
    assert settings_fields({"name": "EMEA", "self_assessment": False})["self_assessment"] == ""


def admin_console() -> tuple[PortalHarness, Any]:
    matching, feedback, scheduling = console()
    h = harness(matching=matching, feedback=feedback, scheduling=scheduling)
    h.client.__enter__()
    h.sign_in()
    return h, matching


def test_the_settings_form_turns_the_self_assessment_off_and_on_again() -> None:
    h, matching = admin_console()
    form = h.client.get(f"/admin/programs/{PROGRAM_ID}/settings")
    assert 'name="self_assessment"' in form.text
    assert "Ask participants to rate their skills before and after the program" in form.text
    fields = {**FORM, "csrf_token": h.csrf()}
    saved = h.client.post(
        f"/admin/programs/{PROGRAM_ID}/settings", data=fields, follow_redirects=False
    )
    assert saved.status_code == 303
    assert matching.programs[PROGRAM_ID]["settings"]["self_assessment"] is False
    again = h.client.get(f"/admin/programs/{PROGRAM_ID}/settings")
    assert 'name="self_assessment" aria-describedby="h-self_assessment" >' in again.text
    h.client.post(
        f"/admin/programs/{PROGRAM_ID}/settings",
        data={**fields, "self_assessment": "on"},
        follow_redirects=False,
    )
    assert matching.programs[PROGRAM_ID]["settings"]["self_assessment"] is True


def test_a_new_program_asks_for_the_self_assessment_unless_unticked() -> None:
    h, _ = admin_console()
    form = h.client.get("/admin/programs/new")
    assert 'name="self_assessment" aria-describedby="h-self_assessment" checked>' in form.text


def without_self_assessment(portal_apis: dict[str, Any]) -> None:
    matching = portal_apis["matching"]
    brief = {
        "program_id": PROGRAM,
        "name": "Reverse mentoring EMEA",
        "region": "emea",
        "self_assessment": False,
    }

    async def programs(token: str, participant_id: str) -> list[dict[str, object]]:
        return [{"program": brief, "role": "junior", "status": "active"}]

    async def summary(token: str, program_id: str) -> dict[str, object]:
        return brief

    matching.participant_programs = programs
    matching.program_summary = summary


def test_home_offers_no_self_assessment_when_the_program_does_not_ask_for_one() -> None:
    portal, apis = participant_portal()
    assert f"/me/programs/{PROGRAM}/self-assessment/pre" in portal.client.get("/me").text
    without_self_assessment(apis)
    page = portal.client.get("/me")
    assert page.status_code == 200, page.text
    assert "self-assessment" not in page.text
    assert f"/me/programs/{PROGRAM}/profile" in page.text


def test_the_self_assessment_of_such_a_program_is_not_found_and_nothing_is_saved() -> None:
    portal, apis = participant_portal()
    without_self_assessment(apis)
    page = portal.client.get(f"/me/programs/{PROGRAM}/self-assessment/pre")
    assert page.status_code == 404
    assert "This program does not ask for a self-assessment." in page.text
    posted = portal.client.post(
        f"/me/programs/{PROGRAM}/self-assessment/post",
        data={
            "csrf_token": portal.csrf(),
            "assess-0-skill": "generative ai",
            "assess-0-level": "4",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 404
    assert apis["feedback"].assessments == []
