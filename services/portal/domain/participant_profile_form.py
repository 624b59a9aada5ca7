"""The participant's profile form, parsed into the participant contract the matching API takes.

The form edits only what a person says about themselves (skills offered, learning goals,
languages, time zone, weekly availability, capacity for juniors, preferred language); everything
else (name, department, reporting chain...) comes from the stored profile unchanged.
Errors are codes per form field (the page shows their text); a submitted value is never part of
an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from services.portal.domain.availability_grid import (
    GRID_STEPS,
    GridError,
    availability_from_form,
)

FormData = Mapping[str, Sequence[str]]
"""A posted form: every field name with all the values it was posted with."""

MAX_ROWS = 50
MAX_LANGUAGES = 10
MAX_SKILL_CHARS = 80
LOCALES: tuple[str, ...] = ("en", "de", "fr", "es", "ja")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_SKILL_ROW = re.compile(r"^(offer|goal)-(\d{1,3})-skill$")


@dataclass
class ProfileFormResult:
    """Either the full profile to PUT, or the errors per form field (code of the text to show)."""

    profile: dict[str, Any] | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.profile is not None


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def first(form: FormData, name: str) -> str:
    """The first value posted for `name`, stripped; "" when absent."""
    values = form.get(name) or []
    return values[0].strip() if values else ""


def parse_profile_form(form: FormData, stored: Mapping[str, Any]) -> ProfileFormResult:
    """The stored profile with the form's answers in place of its own, or the form's errors."""
    errors: dict[str, str] = {}
    offered = _skill_rows(form, "offer", "level", errors)
    goals = _skill_rows(form, "goal", "priority", errors)
    languages = _languages(first(form, "languages"), errors)
    timezone = first(form, "timezone")
    if timezone not in known_timezones():
        errors["timezone"] = "timezone_unknown"
    availability = _availability(form, errors)
    capacity = _capacity(form, stored, errors)
    locale = first(form, "locale")
    if locale and locale not in LOCALES:
        errors["locale"] = "locale_invalid"
    if errors:
        return ProfileFormResult(profile=None, errors=errors)
    profile = dict(stored)
    profile.update(
        skills_offered=[{"skill": s, "level": n} for s, n in offered],
        learning_goals=[{"skill": s, "priority": n} for s, n in goals],
        languages=languages,
        timezone=timezone,
        availability=availability,
        capacity=capacity,
        locale=locale or None,
    )
    return ProfileFormResult(profile=profile)


def profile_form_values(profile: Mapping[str, Any], blank_rows: int = 3) -> dict[str, str]:
    """The form's field values for a stored profile (the inverse of `parse_profile_form`)."""
    values: dict[str, str] = {
        "languages": ", ".join(profile.get("languages") or []),
        "timezone": str(profile.get("timezone") or ""),
        "capacity": "" if profile.get("capacity") is None else str(profile["capacity"]),
        "locale": str(profile.get("locale") or ""),
    }
    sections = (("offer", "skills_offered", "level"), ("goal", "learning_goals", "priority"))
    for prefix, key, number in sections:
        rows = list(profile.get(key) or [])
        for index in range(len(rows) + blank_rows):
            row = rows[index] if index < len(rows) else {}
            values[f"{prefix}-{index}-skill"] = str(row.get("skill", ""))
            values[f"{prefix}-{index}-{number}"] = str(row.get(number, 3))
    return values


def _skill_rows(
    form: FormData, prefix: str, number_name: str, errors: dict[str, str]
) -> list[tuple[str, int]]:
    indexes = sorted(
        int(m.group(2))
        for name in form
        if (m := _SKILL_ROW.match(name)) is not None and m.group(1) == prefix
    )
    rows: list[tuple[str, int]] = []
    seen: set[str] = set()
    for index in indexes:
        skill = " ".join(first(form, f"{prefix}-{index}-skill").split()).lower()
        if not skill:
            continue
        skill_field = f"{prefix}-{index}-skill"
        number_field = f"{prefix}-{index}-{number_name}"
        if len(skill) > MAX_SKILL_CHARS or not skill.isprintable():
            errors[skill_field] = "skill_name_invalid"
        elif skill in seen:
            errors[skill_field] = "skill_repeated"
        seen.add(skill)
        number = _one_to_five(first(form, number_field))
        if number is None:
            errors[number_field] = f"{number_name}_invalid"
            continue
        rows.append((skill, number))
    if len(seen) > MAX_ROWS:
        errors[prefix] = "too_many_skills"
    return rows


def _one_to_five(value: str) -> int | None:
    if value in {"1", "2", "3", "4", "5"}:
        return int(value)
    return None


def _languages(value: str, errors: dict[str, str]) -> list[str]:
    codes: list[str] = []
    for raw in re.split(r"[\s,;]+", value):
        if not raw:
            continue
        primary, dash, region = raw.partition("-")
        code = primary.lower() + dash + region
        if not _LANGUAGE.match(code):
            errors["languages"] = "language_invalid"
            return []
        if code not in codes:
            codes.append(code)
    if not codes:
        errors["languages"] = "languages_required"
    elif len(codes) > MAX_LANGUAGES:
        errors["languages"] = "too_many_languages"
    return codes


def _availability(form: FormData, errors: dict[str, str]) -> list[dict[str, str]]:
    step_text = first(form, "availability-step")
    step = int(step_text) if step_text.isdigit() else 0
    if step not in GRID_STEPS:
        errors["availability"] = "availability_invalid"
        return []
    try:
        return availability_from_form(list(form.get("availability") or []), step)
    except GridError as error:
        errors["availability"] = error.code
        return []


def _capacity(form: FormData, stored: Mapping[str, Any], errors: dict[str, str]) -> int | None:
    kept = stored.get("capacity")
    if stored.get("role") != "junior":
        return kept if isinstance(kept, int) else None
    value = first(form, "capacity")
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 10:
        errors["capacity"] = "capacity_invalid"
        return None
    return int(value)
