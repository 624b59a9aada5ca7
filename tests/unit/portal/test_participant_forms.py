"""The participant's forms: profile, feedback answer, self-assessment, notification preferences."""

from __future__ import annotations

from typing import Any

from services.portal.domain.participant_feedback_form import (
    answer_form_values,
    parse_feedback_form,
    parse_self_assessment_form,
    topic_choices,
)
from services.portal.domain.participant_preferences_form import (
    parse_preferences_form,
    preferences_form_values,
)
from services.portal.domain.participant_profile_form import (
    parse_profile_form,
    profile_form_values,
)
from shared.events.participants import ParticipantProfile

STORED: dict[str, Any] = {
    "participant_id": "p-junior-1",
    "role": "junior",
    "display_name": "Ada L.",
    "email": "ada@example.com",
    "department": "IT",
    "location": "Berlin",
    "timezone": "Europe/Berlin",
    "languages": ["en"],
    "seniority_level": 2,
    "reporting_chain": ["e-0311"],
    "skills_offered": [{"skill": "python", "level": 4}],
    "learning_goals": [],
    "availability": [],
    "capacity": 2,
    "exclude": [],
}


def profile_form(**overrides: list[str]) -> dict[str, list[str]]:
    form = {
        "offer-0-skill": ["Generative  AI"],
        "offer-0-level": ["4"],
        "offer-1-skill": [""],
        "offer-1-level": ["3"],
        "goal-0-skill": ["negotiation"],
        "goal-0-priority": ["5"],
        "languages": ["en, DE; fr-CA"],
        "timezone": ["America/Toronto"],
        "availability-step": ["60"],
        "availability": ["tue 09:00", "tue 10:00", "thu 14:00"],
        "capacity": ["3"],
        "locale": ["fr"],
    }
    form.update(overrides)
    return form


def test_profile_form_becomes_the_contract_the_matching_api_takes() -> None:
    result = parse_profile_form(profile_form(), STORED)
    assert result.errors == {}
    assert result.profile is not None
    profile = ParticipantProfile.model_validate(result.profile)
    assert profile.skills_offered[0].skill == "generative ai"
    assert [(g.skill, g.priority) for g in profile.learning_goals] == [("negotiation", 5)]
    assert profile.languages == ["en", "de", "fr-CA"]
    assert profile.timezone == "America/Toronto"
    assert [w.model_dump() for w in profile.availability] == [
        {"day": "tue", "start": "09:00", "end": "11:00"},
        {"day": "thu", "start": "14:00", "end": "15:00"},
    ]
    assert (profile.capacity, profile.locale) == (3, "fr")
    assert (profile.display_name, profile.reporting_chain) == ("Ada L.", ["e-0311"])


def test_a_senior_keeps_the_stored_capacity_whatever_the_form_posts() -> None:
    senior = {**STORED, "role": "senior", "capacity": None}
    result = parse_profile_form(profile_form(capacity=["7"]), senior)
    assert result.profile is not None
    assert result.profile["capacity"] is None


def test_blank_capacity_leaves_the_program_default() -> None:
    result = parse_profile_form(profile_form(capacity=[""]), STORED)
    assert result.profile is not None
    assert result.profile["capacity"] is None


def test_every_bad_field_gets_its_own_error_and_none_echoes_the_value() -> None:
    secret = "<script>steal()</script>"
    form = profile_form(
        **{
            "offer-0-level": ["9"],
            "offer-1-skill": ["generative ai"],
            "goal-0-priority": [secret],
            "languages": [secret],
            "timezone": ["Mars/Olympus_Mons"],
            "availability": ["tue 09:30"],
            "capacity": ["0"],
            "locale": ["xx"],
        }
    )
    result = parse_profile_form(form, STORED)
    assert result.profile is None
    assert result.errors == {
        "offer-0-level": "level_invalid",
        "offer-1-skill": "skill_repeated",
        "goal-0-priority": "priority_invalid",
        "languages": "language_invalid",
        "timezone": "timezone_unknown",
        "availability": "availability_invalid",
        "capacity": "capacity_invalid",
        "locale": "locale_invalid",
    }
    assert all(secret not in code and "Mars" not in code for code in result.errors.values())


def test_a_profile_needs_a_language() -> None:
    result = parse_profile_form(profile_form(languages=[" , "]), STORED)
    assert result.errors == {"languages": "languages_required"}


def test_a_tampered_grid_step_is_refused() -> None:
    result = parse_profile_form(profile_form(**{"availability-step": ["7"]}), STORED)
    assert result.errors == {"availability": "availability_invalid"}


def test_form_values_of_a_stored_profile_parse_back_to_the_same_profile() -> None:
    values = profile_form_values(STORED)
    form = {name: [value] for name, value in values.items()}
    form["availability-step"] = ["60"]
    result = parse_profile_form(form, STORED)
    assert result.profile == {**STORED, "locale": None}


def test_feedback_form_becomes_the_answer_the_feedback_api_takes() -> None:
    form = {
        "value": ["5"],
        "preparation": ["4"],
        "psychological_safety": ["3"],
        "topics_learned": ["negotiation"],
        "topics_taught": ["python", "python"],
        "would_continue": ["yes"],
        "private_note": ["   "],
    }
    result = parse_feedback_form(form, role="junior", topics=["negotiation", "python"])
    assert result.body == {
        "ratings": {"value": 5, "preparation": 4, "psychological_safety": 3},
        "topics_learned": ["negotiation"],
        "topics_taught": ["python"],
        "would_continue": True,
        "private_note": None,
    }


def test_only_the_junior_is_asked_about_psychological_safety() -> None:
    form = {"value": ["2"], "preparation": ["3"], "psychological_safety": ["5"]}
    form["would_continue"] = ["no"]
    senior = parse_feedback_form(form, role="senior", topics=[])
    assert senior.body is not None
    assert "psychological_safety" not in senior.body["ratings"]
    junior = parse_feedback_form(
        {**form, "psychological_safety": ["skip"]}, role="junior", topics=[]
    )
    assert junior.body is not None
    assert junior.body["ratings"]["psychological_safety"] is None


def test_feedback_form_errors_name_the_fields() -> None:
    form = {
        "value": ["6"],
        "topics_learned": ["astrology"],
        "private_note": ["x" * 2001],
    }
    result = parse_feedback_form(form, role="junior", topics=["python"])
    assert result.errors == {
        "value": "rating_required",
        "preparation": "rating_required",
        "topics_learned": "topic_unknown",
        "would_continue": "choice_required",
        "private_note": "note_too_long",
    }


def test_answer_given_fills_the_form_to_edit_it() -> None:
    answer = {
        "ratings": {"value": 4, "preparation": 3, "psychological_safety": None},
        "topics_learned": ["python"],
        "topics_taught": [],
        "would_continue": False,
        "private_note": "mine",
    }
    values = answer_form_values(answer)
    form = {k: v if isinstance(v, list) else [v] for k, v in values.items()}
    result = parse_feedback_form(form, role="junior", topics=["python"])
    assert result.body == {**answer, "ratings": answer["ratings"]}


def test_topics_are_both_partners_skills_and_goals() -> None:
    junior = {"skills_offered": [{"skill": "python", "level": 4}], "learning_goals": []}
    senior = {"learning_goals": [{"skill": "negotiation", "priority": 2}]}
    assert topic_choices(junior, senior, None) == ["negotiation", "python"]


def test_self_assessment_takes_the_rated_skills_only() -> None:
    form = {
        "assess-0-skill": ["python"],
        "assess-0-level": ["2"],
        "assess-1-skill": ["negotiation"],
        "assess-1-level": [""],
    }
    result = parse_self_assessment_form(form, ["python", "negotiation"])
    assert result.body == {"levels": [{"skill": "python", "level": 2}]}
    assert parse_self_assessment_form({}, ["python"]).errors == {"assessment": "assessment_empty"}
    wrong = parse_self_assessment_form({"assess-0-skill": ["x"], "assess-0-level": ["1"]}, [])
    assert wrong.errors == {"assessment": "skill_unknown"}


def test_preferences_form_becomes_the_preferences_body() -> None:
    form = {
        "email": ["on"],
        "quiet_start": ["22:00"],
        "quiet_end": ["07:30"],
        "timezone": ["Asia/Tokyo"],
        "daily_digest": ["on"],
    }
    assert parse_preferences_form(form).body == {
        "email": True,
        "chat": False,
        "inbox": False,
        "quiet_hours": {"start": "22:00", "end": "07:30"},
        "timezone": "Asia/Tokyo",
        "daily_digest": True,
    }


def test_no_quiet_hours_and_bad_times() -> None:
    off = parse_preferences_form({"inbox": ["on"], "quiet_off": ["on"]})
    assert off.body is not None
    assert off.body["quiet_hours"] is None
    bad = parse_preferences_form({"quiet_start": ["25:00"], "quiet_end": ["7"], "timezone": ["X"]})
    assert bad.errors == {
        "quiet_start": "clock_invalid",
        "quiet_end": "clock_invalid",
        "timezone": "timezone_unknown",
    }


def test_stored_preferences_fill_the_form_and_parse_back() -> None:
    stored = {
        "email": True,
        "chat": True,
        "inbox": False,
        "quiet_hours": None,
        "timezone": None,
        "daily_digest": False,
    }
    values = preferences_form_values(stored)
    form = {k: ["on"] if v is True else [] if v is False else [v] for k, v in values.items()}
    assert parse_preferences_form(form).body == stored
