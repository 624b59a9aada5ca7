"""The participant pages on hand-written fakes of the four services."""

from __future__ import annotations

import re

from services.portal.domain.failures import Invalid, Problem, Unavailable
from tests.unit.portal.participant_fakes import ME, PAIR, PROGRAM, participant_portal


def test_home_shows_programs_partner_next_session_and_pending_feedback() -> None:
    portal, _ = participant_portal()
    page = portal.client.get("/me")
    assert page.status_code == 200, page.text
    assert "Reverse mentoring EMEA" in page.text
    assert "Senior One - why we matched you" in page.text
    assert f"/me/programs/{PROGRAM}/pairs/{PAIR}" in page.text
    # the future session, on the junior's Berlin clock after the change to summer time
    assert "Tue 7 Apr 2099, 10:00 - 11:00 (UTC+02:00, Europe/Berlin)" in page.text
    assert "/me/feedback/fr-1" in page.text


def test_a_service_that_is_down_blanks_only_its_part_of_home() -> None:
    portal, apis = participant_portal()
    apis["scheduling"].fail_with = Unavailable("scheduling", "unreachable")
    page = portal.client.get("/me")
    assert page.status_code == 200
    assert "Senior One - why we matched you" in page.text
    assert 'data-service="scheduling"' in page.text


def test_profile_form_shows_the_stored_profile_and_grid() -> None:
    portal, _ = participant_portal()
    page = portal.client.get(f"/me/programs/{PROGRAM}/profile")
    assert page.status_code == 200, page.text
    assert 'value="generative ai"' in page.text
    checked = re.findall(r'value="(tue \d\d:\d\d)"[^>]*checked', page.text)
    assert checked == ["tue 09:00", "tue 10:00", "tue 11:00"]


def test_saving_the_profile_puts_the_contract_to_matching() -> None:
    portal, apis = participant_portal()
    form = {
        "csrf_token": portal.csrf(),
        "offer-0-skill": "Generative AI",
        "offer-0-level": "5",
        "goal-0-skill": "negotiation",
        "goal-0-priority": "4",
        "languages": "en, ja",
        "timezone": "Asia/Tokyo",
        "availability-step": "60",
        "availability": ["wed 18:00", "wed 19:00"],
        "capacity": "2",
        "locale": "ja",
    }
    saved = portal.client.post(f"/me/programs/{PROGRAM}/profile", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    (call,) = [c for c in apis["matching"].calls if c[0] == "update_participant"]
    profile = call[1][3]
    assert profile["availability"] == [{"day": "wed", "start": "18:00", "end": "20:00"}]
    assert profile["timezone"] == "Asia/Tokyo"
    assert profile["skills_offered"] == [{"skill": "generative ai", "level": 5}]
    assert profile["email"] == "junior@example.com"


def test_a_bad_profile_form_comes_back_with_field_errors_and_no_echo() -> None:
    portal, apis = participant_portal()
    form = {
        "csrf_token": portal.csrf(),
        "languages": "<b>bold</b>",
        "timezone": "Nowhere/Land",
        "availability-step": "60",
    }
    page = portal.client.post(f"/me/programs/{PROGRAM}/profile", data=form)
    assert page.status_code == 422
    assert "Use language codes such as en, de or pt-BR." in page.text
    assert "Choose a time zone from the list." in page.text
    assert "<b>bold</b>" not in page.text
    assert not [c for c in apis["matching"].calls if c[0] == "update_participant"]


def test_partner_page_shows_the_card_and_the_reasons_with_points() -> None:
    portal, _ = participant_portal()
    page = portal.client.get(f"/me/programs/{PROGRAM}/pairs/{PAIR}")
    assert page.status_code == 200, page.text
    assert "About Senior One" in page.text
    assert "The senior teaches what the junior wants to learn" in page.text
    assert "+11.5 points" in page.text
    assert page.text.index("+11.5 points") < page.text.index("+10.0 points")


def test_session_page_offers_the_invitation_and_moves_on_my_clock() -> None:
    portal, apis = participant_portal()
    page = portal.client.get("/me/sessions/s-1")
    assert page.status_code == 200, page.text
    assert "/me/sessions/s-1/invitation.ics" in page.text
    ics = portal.client.get("/me/sessions/s-1/invitation.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    moved = portal.client.post(
        "/me/sessions/s-1/reschedule",
        data={"csrf_token": portal.csrf(), "start": "2099-04-08T17:30"},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert apis["scheduling"].bodies == [{"start": "2099-04-08T15:30:00+00:00"}]


def test_a_start_in_the_skipped_hour_is_refused_with_a_message() -> None:
    portal, apis = participant_portal()
    page = portal.client.post(
        "/me/sessions/s-1/reschedule",
        data={"csrf_token": portal.csrf(), "start": "2099-03-29T02:30"},
    )
    assert page.status_code == 422
    assert "That time does not exist on your clock" in page.text
    assert apis["scheduling"].bodies == []


def test_cancelling_a_session() -> None:
    portal, apis = participant_portal()
    done = portal.client.post(
        "/me/sessions/s-1/cancel", data={"csrf_token": portal.csrf()}, follow_redirects=True
    )
    assert "The session was cancelled." in done.text
    assert ("cancel", ("token-for-" + ME, "s-1")) in apis["scheduling"].calls


def test_feedback_form_offers_the_pairs_topics_and_sends_the_answer() -> None:
    portal, apis = participant_portal()
    page = portal.client.get("/me/feedback/fr-1")
    assert page.status_code == 200, page.text
    assert "Could you speak freely?" in page.text
    assert 'value="negotiation"' in page.text
    assert "Session of Tue 24 Mar 2026, 09:00 (UTC+01:00)" in page.text
    sent = portal.client.post(
        "/me/feedback/fr-1",
        data={
            "csrf_token": portal.csrf(),
            "value": "5",
            "preparation": "4",
            "psychological_safety": "skip",
            "topics_learned": ["negotiation"],
            "topics_taught": ["generative ai"],
            "would_continue": "yes",
            "private_note": "",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert apis["feedback"].answers == [
        (
            {
                "ratings": {"value": 5, "preparation": 4, "psychological_safety": None},
                "topics_learned": ["negotiation"],
                "topics_taught": ["generative ai"],
                "would_continue": True,
                "private_note": None,
            },
            False,
        )
    ]


def test_self_assessment_rates_my_skills() -> None:
    portal, apis = participant_portal()
    page = portal.client.get(f"/me/programs/{PROGRAM}/self-assessment/pre")
    assert page.status_code == 200, page.text
    saved = portal.client.post(
        f"/me/programs/{PROGRAM}/self-assessment/pre",
        data={
            "csrf_token": portal.csrf(),
            "assess-0-skill": "generative ai",
            "assess-0-level": "4",
            "assess-1-skill": "negotiation",
            "assess-1-level": "1",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert apis["feedback"].assessments == [
        (
            "pre",
            {
                "levels": [
                    {"skill": "generative ai", "level": 4},
                    {"skill": "negotiation", "level": 1},
                ]
            },
        )
    ]
    assert portal.client.get(f"/me/programs/{PROGRAM}/self-assessment/later").status_code == 404


def test_inbox_and_preferences() -> None:
    portal, apis = participant_portal()
    inbox = portal.client.get("/me/inbox")
    assert inbox.status_code == 200, inbox.text
    assert "Meet your partner" in inbox.text
    assert "Fri 20 Mar 2026, 09:00 (UTC+01:00)" in inbox.text  # on the profile's Berlin clock
    prefs = portal.client.get("/me/preferences")
    assert prefs.status_code == 200, prefs.text
    saved = portal.client.post(
        "/me/preferences",
        data={
            "csrf_token": portal.csrf(),
            "inbox": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "timezone": "Europe/Paris",
            "daily_digest": "on",
        },
        follow_redirects=True,
    )
    assert "Your settings are saved." in saved.text
    assert apis["notifications"].preferences == {
        "email": False,
        "chat": False,
        "inbox": True,
        "quiet_hours": {"start": "22:00", "end": "07:00"},
        "timezone": "Europe/Paris",
        "daily_digest": True,
    }


def test_the_language_chosen_in_the_profile_is_the_portals_language() -> None:
    portal, _ = participant_portal()
    form = {
        "csrf_token": portal.csrf(),
        "offer-0-skill": "generative ai",
        "offer-0-level": "4",
        "languages": "en",
        "timezone": "Europe/Berlin",
        "availability-step": "60",
        "availability": ["tue 09:00"],
        "locale": "ja",
    }
    saved = portal.client.post(f"/me/programs/{PROGRAM}/profile", data=form)
    assert saved.status_code == 200, saved.text
    assert "保存しました" in saved.text
    home = portal.client.get("/me")
    assert "マイプログラム" in home.text
    assert "2099年4月7日（火） 10:00 - 11:00" in home.text  # noqa: RUF001


def test_a_profile_the_service_refuses_shows_where_without_quoting_the_service() -> None:
    portal, apis = participant_portal()
    apis["matching"].reject_update = Invalid(
        "matching", "invalid", [Problem("languages.0", "'xx-secret-value' is not valid")]
    )
    form = {
        "csrf_token": portal.csrf(),
        "languages": "en",
        "timezone": "Europe/Berlin",
        "availability-step": "60",
    }
    page = portal.client.post(f"/me/programs/{PROGRAM}/profile", data=form)
    assert page.status_code == 422
    assert "languages.0" in page.text
    assert "xx-secret-value" not in page.text


def test_first_visit_after_an_import_asks_for_the_profile() -> None:
    portal, apis = participant_portal()
    assert "Complete my profile" not in portal.client.get("/me").text
    stored = apis["matching"].participants[PROGRAM][ME]["participant"]
    stored["learning_goals"] = []
    stored["availability"] = []
    home = portal.client.get("/me")
    assert "Complete my profile" in home.text
    assert f'href="/me/programs/{PROGRAM}/profile">Complete my profile' in home.text
