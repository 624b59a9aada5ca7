"""The console's rounds, pairs and insights: round proposals and reviews, a pair's
drill-in, pairs at risk, ending a pair with a reason, charts without small groups."""

from __future__ import annotations

from tests.unit.portal.console_data import PROGRAM_ID
from tests.unit.portal.console_session import BASE, signed_in


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


def test_a_pairs_drill_in_shows_sessions_and_ratings_but_never_private_notes() -> None:
    h, *_ = signed_in()
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert page.status_code == 200
    assert "Missed sessions" in page.text
    assert "Value: 4" in page.text
    assert "PRIVATE-NOTE-TEXT" not in page.text


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


def test_a_pair_not_among_those_at_risk_is_shown_as_not_at_risk() -> None:
    h, _, feedback, _ = signed_in()
    feedback.health[PROGRAM_ID][0]["at_risk"] = False
    page = h.client.get(f"{BASE}/pairs/pr-1")
    assert "not at risk" in page.text
    assert ("pair_health", ("token-for-admin", PROGRAM_ID, True, 200)) in feedback.calls
