"""The feedback answer form and the self-assessment form, parsed into what the feedback API takes.

Topics are chosen from the pair's skills (checkboxes), so a topic the page did not offer is an
error, not a silent drop. Only the junior is asked the psychological-safety question; "prefer not
to say" leaves it out. Errors are codes per form field; a submitted value is never in one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.portal.domain.participant_profile_form import FormData, first

MAX_TOPICS = 20
MAX_NOTE_CHARS = 2_000
MAX_ASSESSED_SKILLS = 50
_SCORES = {"1", "2", "3", "4", "5"}
_ASSESSED_ROW = re.compile(r"^assess-(\d{1,3})-skill$")


@dataclass
class FormResult:
    """Either the request body for the API, or the errors per form field."""

    body: dict[str, Any] | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.body is not None


def topic_choices(*profiles: Mapping[str, Any] | None) -> list[str]:
    """The topics a pair can have talked about: both people's offered skills and goals."""
    topics: set[str] = set()
    for profile in profiles:
        if not profile:
            continue
        for key in ("skills_offered", "learning_goals"):
            topics.update(str(row["skill"]) for row in profile.get(key) or [])
    return sorted(topics)


def parse_feedback_form(form: FormData, *, role: str, topics: Collection[str]) -> FormResult:
    """The answer body (`AnswerIn`) for a feedback request of a participant in `role`."""
    errors: dict[str, str] = {}
    ratings: dict[str, int | None] = {}
    for name in ("value", "preparation"):
        score = first(form, name)
        if score not in _SCORES:
            errors[name] = "rating_required"
        else:
            ratings[name] = int(score)
    if role == "junior":
        safety = first(form, "psychological_safety")
        if safety and safety not in _SCORES and safety != "skip":
            errors["psychological_safety"] = "rating_invalid"
        ratings["psychological_safety"] = int(safety) if safety in _SCORES else None
    learned = _topics(form.get("topics_learned") or [], topics, "topics_learned", errors)
    taught = _topics(form.get("topics_taught") or [], topics, "topics_taught", errors)
    would_continue = first(form, "would_continue")
    if would_continue not in {"yes", "no"}:
        errors["would_continue"] = "choice_required"
    note = (form.get("private_note") or [""])[0]
    if len(note) > MAX_NOTE_CHARS:
        errors["private_note"] = "note_too_long"
    if errors:
        return FormResult(body=None, errors=errors)
    return FormResult(
        body={
            "ratings": ratings,
            "topics_learned": learned,
            "topics_taught": taught,
            "would_continue": would_continue == "yes",
            "private_note": note if note.strip() else None,
        }
    )


def answer_form_values(answer: Mapping[str, Any] | None) -> dict[str, Any]:
    """The form's values for an answer already given (to edit it), or the blank form's."""
    if not answer:
        return {"topics_learned": [], "topics_taught": []}
    ratings = answer.get("ratings") or {}
    safety = ratings.get("psychological_safety")
    return {
        "value": str(ratings.get("value", "")),
        "preparation": str(ratings.get("preparation", "")),
        "psychological_safety": "skip" if safety is None else str(safety),
        "topics_learned": list(answer.get("topics_learned") or []),
        "topics_taught": list(answer.get("topics_taught") or []),
        "would_continue": "yes" if answer.get("would_continue") else "no",
        "private_note": answer.get("private_note") or "",
    }


def parse_self_assessment_form(form: FormData, skills: Collection[str]) -> FormResult:
    """The self-assessment body (`SelfAssessmentIn`): a level 1-5 for each skill rated."""
    errors: dict[str, str] = {}
    levels: list[dict[str, Any]] = []
    rows = sorted(int(m.group(1)) for name in form if (m := _ASSESSED_ROW.match(name)))
    for index in rows:
        skill = first(form, f"assess-{index}-skill")
        level = first(form, f"assess-{index}-level")
        if skill not in skills:
            errors["assessment"] = "skill_unknown"
            continue
        if not level:
            continue
        if level not in _SCORES:
            errors[f"assess-{index}-level"] = "level_invalid"
            continue
        levels.append({"skill": skill, "level": int(level)})
    if not levels and not errors:
        errors["assessment"] = "assessment_empty"
    if len(levels) > MAX_ASSESSED_SKILLS:
        errors["assessment"] = "too_many_skills"
    if errors:
        return FormResult(body=None, errors=errors)
    return FormResult(body={"levels": levels})


def _topics(
    chosen: Sequence[str], allowed: Collection[str], name: str, errors: dict[str, str]
) -> list[str]:
    picked: list[str] = []
    for topic in chosen:
        if topic not in allowed:
            errors[name] = "topic_unknown"
            return []
        if topic not in picked:
            picked.append(topic)
    if len(picked) > MAX_TOPICS:
        errors[name] = "too_many_topics"
    return picked
