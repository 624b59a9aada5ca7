"""Launching a program and changing its policy from the console: what the forms send, how
bad input is named, dry runs, the policy's history."""

from __future__ import annotations

from typing import Any

from services.portal.domain.failures import Invalid, Problem
from tests.unit.portal.console_data import PROGRAM_ID
from tests.unit.portal.console_session import BASE, signed_in
from tests.unit.portal.fakes import PortalHarness


def launch_form(**changes: str) -> dict[str, Any]:
    return {
        "program_id": "apac-2026",
        "name": "APAC 2026",
        "region": "apac",
        "timezone": "Asia/Tokyo",
        "locales": ["en", "ja"],
        "start_date": "2026-04-01",
        "end_date": "2026-10-31",
        "cadence_days": "14",
        "session_minutes": "45",
        "approval_mode": "admin",
        "reminder_offsets_minutes": "1440, 60",
        "blackout_dates": "2026-05-03\n2026-05-04",
        **changes,
    }


def test_launching_a_program_sends_the_settings_and_opens_it() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(
        "/admin/programs/new",
        data={**launch_form(), "csrf_token": h.csrf()},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/admin/programs/apac-2026"
    sent = matching.calls[-1][1][1]
    assert sent["program_id"] == "apac-2026"
    assert sent["settings"]["locales"] == ["en", "ja"]
    assert sent["settings"]["session_minutes"] == 45
    assert sent["settings"]["blackout_dates"] == ["2026-05-03", "2026-05-04"]
    assert sent["settings"]["reminder_offsets_minutes"] == [1440, 60]


def test_a_bad_date_is_named_without_calling_the_service() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(
        "/admin/programs/new",
        data={**launch_form(end_date="31/10/2026"), "csrf_token": h.csrf()},
    )
    assert answer.status_code == 422
    assert "end_date" in answer.text
    assert "31/10/2026" in answer.text  # kept in the form field to correct, not in the message
    assert "a date like 2026-03-01" in answer.text
    assert not any(name == "launch_program" for name, _ in matching.calls)


def test_the_services_validation_problems_are_listed_by_field() -> None:
    h, matching, _, _ = signed_in()
    matching.fail_with = Invalid(
        "matching", "invalid_request", [Problem("settings.timezone", "unknown time zone")]
    )
    answer = h.client.post("/admin/programs/new", data={**launch_form(), "csrf_token": h.csrf()})
    assert answer.status_code == 422
    assert "settings.timezone" in answer.text
    assert "unknown time zone" in answer.text


def policy_form(h: PortalHarness, **changes: str) -> dict[str, str]:
    return {
        "csrf_token": h.csrf(),
        "min_seniority_gap": "3",
        "min_weekly_overlap_minutes": "60",
        "weight_junior_teaches": "0.8",
        "sweet_spot_low": "3",
        "sweet_spot_high": "6",
        "rematch_on_risk": "on",
        **changes,
    }


def test_a_draft_policy_is_tried_in_a_dry_run_and_not_saved() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(
        f"{BASE}/policy/dry-run", data=policy_form(h), headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert "Dry run with the draft policy" in answer.text
    assert "Juniors matched" in answer.text
    assert "<html" not in answer.text  # htmx gets the part it swaps in
    name, args = matching.calls[-1]
    assert name == "run_round"
    assert args[2] is True  # dry run
    assert args[3]["min_seniority_gap"] == 3
    assert args[3]["weights"] == {"junior_teaches": 0.8}
    assert args[3]["seniority_sweet_spot"] == [3, 6]
    assert not any(name == "change_program" for name, _ in matching.calls)


def test_saving_the_policy_changes_the_program() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(f"{BASE}/policy", data=policy_form(h), follow_redirects=False)
    assert answer.headers["location"] == f"{BASE}/policy?saved=1"
    assert matching.programs[PROGRAM_ID]["policy"]["min_seniority_gap"] == 3


def test_policy_history_shows_what_each_version_changed() -> None:
    h, *_ = signed_in()
    page = h.client.get(f"{BASE}/policy")
    assert "Version 2" in page.text
    assert "min_seniority_gap: 2 → 3" in page.text
