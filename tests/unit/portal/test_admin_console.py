"""The admin console's pages on fake service APIs: the programs list, and what each page
shows when a service is down or refuses."""

from __future__ import annotations

from services.portal.domain.failures import NotAllowed, NotFound, Unavailable
from tests.unit.portal.console_session import BASE, signed_in
from tests.unit.portal.fakes import EMEA_ADMIN_CLAIMS


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


def test_scheduling_down_leaves_the_rest_of_the_pair_page() -> None:
    h, _, _, scheduling = signed_in()
    scheduling.fail_with = Unavailable("scheduling", "unreachable")
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert page.status_code == 200
    assert "sessions part of Twoway is unavailable" in page.text
    assert "j1 can teach generative ai" in page.text


def test_a_new_program_without_feedback_figures_is_not_reported_as_an_outage() -> None:
    h, _, feedback, _ = signed_in()
    feedback.insight.clear()
    feedback.fail_with = NotFound("feedback", "not_found")
    listing = h.client.get("/admin/programs")
    overview = h.client.get(BASE)
    for page in (listing, overview):
        assert page.status_code == 200
        assert "unavailable" not in page.text
