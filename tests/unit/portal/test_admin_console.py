"""The admin console's pages on fake service APIs: what they show, what they send."""

from __future__ import annotations

from typing import Any

from services.portal.domain.failures import Invalid, NotAllowed, NotFound, Problem, Unavailable
from tests.unit.portal.console_data import PROGRAM_ID, console
from tests.unit.portal.fakes import EMEA_ADMIN_CLAIMS, PortalHarness, harness

BASE = f"/admin/programs/{PROGRAM_ID}"


def signed_in(**changes: Any) -> tuple[PortalHarness, Any, Any, Any]:
    matching, feedback, scheduling = console()
    h = harness(matching=matching, feedback=feedback, scheduling=scheduling)
    h.client.__enter__()
    h.sign_in()
    return h, matching, feedback, scheduling


def test_programs_list_shows_each_programs_health_line() -> None:
    h, *_ = signed_in()
    page = h.client.get("/admin/programs")
    assert page.status_code == 200
    assert "EMEA 2026" in page.text
    for figure in ("Sessions held", "Feedback rate", "Pairs at risk", "80%"):
        assert figure in page.text


def test_feedback_down_blanks_only_its_figures() -> None:
    h, _, feedback, _ = signed_in()
    feedback.fail_with = Unavailable("feedback", "unreachable")
    page = h.client.get("/admin/programs")
    assert page.status_code == 200
    assert "EMEA 2026" in page.text
    assert "Session and feedback figures are unavailable" in page.text


def test_matching_down_says_which_part_is_unavailable() -> None:
    h, matching, _, _ = signed_in()
    matching.fail_with = Unavailable("matching", "unreachable")
    page = h.client.get("/admin/programs")
    assert page.status_code == 200
    assert "programs and matching part of Twoway is unavailable" in page.text
    assert "Traceback" not in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_an_admin_the_api_refuses_sees_a_readable_message() -> None:
    h, matching, _, _ = signed_in()
    h.sign_in(EMEA_ADMIN_CLAIMS)
    matching.fail_with = NotAllowed("matching", "forbidden")
    page = h.client.get(f"{BASE}/settings")
    assert page.status_code == 403
    assert "You are not allowed to see or change this." in page.text


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


CSV_HEADER = (
    "participant_id,role,display_name,email,department,location,timezone,languages,"
    "seniority_level,skills_offered,learning_goals,availability\n"
)


def test_an_uploaded_csv_reports_the_bad_row_by_line_and_imports_the_rest() -> None:
    h, matching, _, _ = signed_in()
    content = (
        CSV_HEADER
        + "n1,junior,Ada,ada@example.com,IT,Berlin,Europe/Berlin,en,2,python:4,sales:3,mon 09:00-12:00\n"
        + "n2,boss,Bob,bob@example.com,HR,Berlin,Europe/Berlin,en,7,sales:4,python:3,mon 09:00-12:00\n"
        + "n3,senior,Cy,cy@example.com,Sales,Paris,Europe/Paris,en;fr,8,sales:4,ai:3,tue 09:00-12:00\n"
    )
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", content.encode(), "text/csv")},
    )
    assert answer.status_code == 200
    assert "Line 3" in answer.text
    assert "role" in answer.text
    assert [p["participant_id"] for p in matching.joined] == ["n1", "n3"]
    assert "bob@example.com" not in answer.text


def test_a_file_that_is_not_utf8_is_refused_readably() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", "é".encode("latin-1"), "text/csv")},
    )
    assert answer.status_code == 422
    assert "UTF-8" in answer.text
    assert matching.joined == []


def test_participants_are_filtered_and_paged_on_the_server() -> None:
    h, matching, _, _ = signed_in()
    page = h.client.get(f"{BASE}/participants?q=Person&role=junior&status=bogus&limit=2")
    name, args = matching.calls[-1]
    assert name == "list_participants"
    assert args[2] == 2  # limit
    assert args[4] == {"q": "Person", "role": "junior", "status": None}
    assert 'rel="next"' in page.text
    assert "cursor=2" in page.text


def test_a_round_shows_quality_reasons_and_both_profiles_side_by_side() -> None:
    h, *_ = signed_in()
    review = h.client.get(f"{BASE}/rounds/r-1")
    for text in ("Gap to the best possible", "2%", "j1 can teach generative ai: +12.00"):
        assert text in review.text
    assert "Nobody of the other role" in review.text
    compare = h.client.get(f"{BASE}/rounds/r-1/pairs/pr-1")
    assert "Person j1" in compare.text
    assert "Person s1" in compare.text
    assert "side-by-side" in compare.text


def test_erasing_needs_the_id_typed_again() -> None:
    h, matching, _, _ = signed_in()
    refused = h.client.post(
        f"{BASE}/participants/j1/erase", data={"csrf_token": h.csrf(), "confirm_id": "j2"}
    )
    assert refused.status_code == 422
    assert not any(name == "erase" for name, _ in matching.calls)
    done = h.client.post(
        f"{BASE}/participants/j1/erase",
        data={"csrf_token": h.csrf(), "confirm_id": "j1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert matching.calls[-1][0] == "erase"


def test_a_pairs_drill_in_shows_sessions_and_ratings_but_never_private_notes() -> None:
    h, *_ = signed_in()
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert page.status_code == 200
    assert "Missed sessions" in page.text
    assert "Value: 4" in page.text
    assert "PRIVATE-NOTE-TEXT" not in page.text


def test_scheduling_down_leaves_the_rest_of_the_pair_page() -> None:
    h, _, _, scheduling = signed_in()
    scheduling.fail_with = Unavailable("scheduling", "unreachable")
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert page.status_code == 200
    assert "sessions part of Twoway is unavailable" in page.text
    assert "j1 can teach generative ai" in page.text


def test_insights_draw_charts_suppress_small_groups_and_export_csv() -> None:
    h, *_ = signed_in()
    page = h.client.get(f"{BASE}/insights")
    assert page.text.count("<svg") == 3
    assert "too few to show" in page.text
    csv = h.client.get(f"{BASE}/insights.csv")
    assert csv.headers["content-disposition"] == f'attachment; filename="insights-{PROGRAM_ID}.csv"'
    assert csv.text.startswith("metric,value")


def test_pairs_at_risk_are_listed_with_their_reasons() -> None:
    h, *_ = signed_in()
    page = h.client.get(f"{BASE}/health")
    assert "Low ratings" in page.text
    assert "(missed_sessions)" in page.text
    assert f'href="{BASE}/pairs/pr-1"' in page.text


def test_ending_a_pair_offers_the_reasons_and_sends_the_one_chosen() -> None:
    h, matching, _, _ = signed_in()
    page = h.client.get(f"{BASE}/pairs/pr-1")
    for reason in ("admin", "participant_request", "left_company", "not_a_fit"):
        assert f'<option value="{reason}">' in page.text
    assert "One of them left the company" in page.text
    answer = h.client.post(
        f"{BASE}/pairs/pr-1/end",
        data={"csrf_token": h.csrf(), "reason": "left_company"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert matching.calls[-1][1][3] == "left_company"
    ended = h.client.get(f"{BASE}/pairs/pr-1")
    assert "(One of them left the company)" in ended.text


def test_an_unknown_end_reason_is_sent_as_ended_by_an_admin() -> None:
    h, matching, _, _ = signed_in()
    h.client.post(
        f"{BASE}/pairs/pr-1/end",
        data={"csrf_token": h.csrf(), "reason": "<script>"},
        follow_redirects=False,
    )
    assert matching.calls[-1][1][3] == "admin"


def test_a_refused_upload_by_htmx_keeps_the_report_area_for_the_next_try() -> None:
    h, *_ = signed_in()
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", "é".encode("latin-1"), "text/csv")},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<div id="import-report"')
    assert "UTF-8" in answer.text


def test_a_dry_run_shows_its_proposal_at_once_since_the_service_keeps_none() -> None:
    h, matching, _, _ = signed_in()
    matching.rounds[PROGRAM_ID] = {
        **matching.rounds[PROGRAM_ID],
        "round_id": "dry",
        "status": "dry_run",
        "dry_run": True,
    }
    answer = h.client.post(f"{BASE}/matching/run", data={"csrf_token": h.csrf(), "mode": "dry"})
    assert answer.status_code == 200
    assert "A dry run: nothing was saved or published." in answer.text
    assert f"{BASE}/compare?junior=j1&amp;senior=s1" in answer.text
    assert matching.calls[-2][0] == "run_round"
    compare = h.client.get(f"{BASE}/compare?junior=j1&senior=s1")
    assert "Person j1" in compare.text
    assert "Person s1" in compare.text


def test_a_real_round_opens_its_review_page() -> None:
    h, *_ = signed_in()
    answer = h.client.post(
        f"{BASE}/matching/run",
        data={"csrf_token": h.csrf(), "mode": "real"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == f"{BASE}/rounds/r-1"


def test_a_new_program_without_feedback_figures_is_not_reported_as_an_outage() -> None:
    h, _, feedback, _ = signed_in()
    feedback.insight.clear()
    feedback.fail_with = NotFound("feedback", "not_found")
    listing = h.client.get("/admin/programs")
    overview = h.client.get(BASE)
    for page in (listing, overview):
        assert page.status_code == 200
        assert "unavailable" not in page.text


def test_a_pair_not_among_those_at_risk_is_shown_as_not_at_risk() -> None:
    h, _, feedback, _ = signed_in()
    feedback.health[PROGRAM_ID][0]["at_risk"] = False
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert "not at risk" in page.text
    assert ("pair_health", ("token-for-admin", PROGRAM_ID, True, 200)) in feedback.calls
