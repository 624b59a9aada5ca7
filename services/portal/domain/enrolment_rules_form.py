"""The console's enrolment rules form: rows of department and/or place, role and seniority,
saved as the program's whole list. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.portal.domain.enrolment_form import ROLES

MAX_RULES = 20
BLANK_ROWS = 2
"""Empty rows offered below the rules, to add some."""


@dataclass(frozen=True, slots=True)
class RuleRow:
    department: str = ""
    location: str = ""
    role: str = "junior"
    seniority_level: int = 3

    @property
    def blank(self) -> bool:
        return not (self.department or self.location)

    def body(self) -> dict[str, Any]:
        rule: dict[str, Any] = {"role": self.role, "seniority_level": self.seniority_level}
        if self.department:
            rule["department"] = self.department
        if self.location:
            rule["location"] = self.location
        return rule


@dataclass(frozen=True, slots=True)
class RulesForm:
    rows: tuple[RuleRow, ...] = ()
    problems: tuple[str, ...] = field(default=())
    """Text keys of what is wrong, e.g. `rules.problem.seniority`."""

    def body(self) -> dict[str, Any]:
        return {"rules": [row.body() for row in self.rows if not row.blank]}

    def with_blank_rows(self) -> tuple[RuleRow, ...]:
        kept = tuple(row for row in self.rows if not row.blank)
        return kept + (RuleRow(),) * min(BLANK_ROWS, MAX_RULES - len(kept))


def form_of(rules: Sequence[Mapping[str, Any]]) -> RulesForm:
    """The form as the program's rules are now (from matching's answer)."""
    return RulesForm(
        rows=tuple(
            RuleRow(
                department=str(rule.get("department") or ""),
                location=str(rule.get("location") or ""),
                role=str(rule.get("role") or "junior"),
                seniority_level=int(rule.get("seniority_level") or 3),
            )
            for rule in rules
        )
    )


def _text(form: Mapping[str, Any], name: str, limit: int = 100) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def read_rules_form(form: Mapping[str, Any]) -> RulesForm:
    """Rows `rule-<n>-department|location|role|seniority_level`, and `rule-<n>-remove` to drop
    one; a row naming neither a department nor a place is left out."""
    rows: list[RuleRow] = []
    problems: list[str] = []
    for n in range(MAX_RULES + BLANK_ROWS):
        prefix = f"rule-{n}-"
        if not any(key.startswith(prefix) for key in form):
            continue
        row_role = _text(form, prefix + "role")
        level_text = _text(form, prefix + "seniority_level")
        level = int(level_text) if level_text.isdigit() else 0
        row = RuleRow(
            department=_text(form, prefix + "department"),
            location=_text(form, prefix + "location"),
            role=row_role if row_role in ROLES else "junior",
            seniority_level=level if 1 <= level <= 10 else 3,
        )
        if row.blank or _text(form, prefix + "remove"):
            continue
        if row_role not in ROLES:
            problems.append("rules.problem.role")
        if not 1 <= level <= 10:
            problems.append("rules.problem.seniority")
        rows.append(row)
    if len(rows) > MAX_RULES:
        problems.append("rules.problem.too_many")
    return RulesForm(rows=tuple(rows[:MAX_RULES]), problems=tuple(dict.fromkeys(problems)))
