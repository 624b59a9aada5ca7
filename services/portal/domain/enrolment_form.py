"""The console's enrolment form: which directory people, on which terms. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("junior", "senior")
MAX_PEOPLE = 200


@dataclass(frozen=True, slots=True)
class EnrolmentForm:
    person_ids: tuple[str, ...] = ()
    role: str = "junior"
    seniority_level: int = 3
    department: str = ""
    location: str = ""
    q: str | None = None
    problems: tuple[str, ...] = field(default=())
    """Text keys of what is wrong, e.g. `enrol.problem.nobody`."""

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "person_ids": list(self.person_ids),
            "role": self.role,
            "seniority_level": self.seniority_level,
        }
        if self.department:
            body["department"] = self.department
        if self.location:
            body["location"] = self.location
        return body


def _text(form: Mapping[str, Any], name: str, limit: int = 100) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def read_enrolment_form(form: Any) -> EnrolmentForm:
    """From the posted form (a Starlette FormData: `getlist` for the ticked people)."""
    ids = [v for v in form.getlist("person_id") if isinstance(v, str) and v.strip()]
    problems = []
    if not ids:
        problems.append("enrol.problem.nobody")
    if len(ids) > MAX_PEOPLE:
        problems.append("enrol.problem.too_many")
    role = _text(form, "role")
    if role not in ROLES:
        problems.append("enrol.problem.role")
    level_text = _text(form, "seniority_level")
    level = int(level_text) if level_text.isdigit() else 0
    if not 1 <= level <= 10:
        problems.append("enrol.problem.seniority")
    return EnrolmentForm(
        person_ids=tuple(dict.fromkeys(v.strip() for v in ids))[:MAX_PEOPLE],
        role=role if role in ROLES else "junior",
        seniority_level=level if 1 <= level <= 10 else 3,
        department=_text(form, "department"),
        location=_text(form, "location"),
        q=_text(form, "q") or None,
        problems=tuple(problems),
    )
