"""Participant pages ask the services for what they need once, in as few rounds as they can."""

from __future__ import annotations

from tests.unit.portal.participant_fakes import participant_portal


def test_the_feedback_form_reads_my_profile_once_for_my_skills_and_my_clock() -> None:
    portal, apis = participant_portal()
    apis["matching"].calls.clear()
    page = portal.client.get("/me/feedback/fr-1")
    assert page.status_code == 200, page.text
    assert "Session of Tue 24 Mar 2026, 09:00 (UTC+01:00)" in page.text  # my Berlin clock
    asked = [name for name, _ in apis["matching"].calls]
    assert asked.count("get_participant") == 1
    assert asked.count("partner_card") == 1
