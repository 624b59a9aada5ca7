"""The admin console's forms: a program's settings and its matching policy, from form fields
to the matching API's bodies (and back, to fill a form). The service validates in full; these
checks catch what a form can get wrong (a number that is not one, a date that is not a date) and
name the field, never echoing what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.portal.domain.failures import Problem
from services.portal.domain.locale import SUPPORTED

FormData = Mapping[str, str | list[str]]

SETTINGS_NUMBERS = {
    "cadence_days": int,
    "session_minutes": int,
    "missed_after_hours": int,
    "feedback_deadline_days": int,
    "min_group_size": int,
    "health_threshold": float,
}
POLICY_NUMBERS = {
    "min_seniority_gap": int,
    "min_weekly_overlap_minutes": int,
    "default_capacity": int,
    "top_k": int,
    "max_candidates_per_senior": int,
    "max_candidates_per_junior": int,
    "explore_candidates": int,
    "availability_cap_minutes": int,
    "auto_round_min_waiting": int,
    "auto_round_interval_hours": float,
}
WEIGHTS = (
    "junior_teaches",
    "senior_teaches",
    "availability_per_hour",
    "cross_department",
    "seniority_sweet_spot",
    "timezone_closeness",
    "same_location",
    "match_bonus",
)
CHECKED = ("on", "true", "1")
"""What a ticked checkbox sends."""
PROGRAM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")


@dataclass
class ParsedForm:
    body: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _one(form: FormData, name: str) -> str:
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip()


def _many(form: FormData, name: str) -> list[str]:
    value = form.get(name, [])
    return [v for v in ([value] if isinstance(value, str) else value) if v]


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


def _number(form: FormData, name: str, kind: type, out: ParsedForm, into: dict[str, Any]) -> None:
    raw = _one(form, name)
    if raw == "":
        return
    try:
        into[name] = kind(raw)
    except ValueError:
        out.problems.append(Problem(name, "must be a number"))


def parse_settings(form: FormData, *, with_program_id: bool) -> ParsedForm:
    out = ParsedForm()
    if with_program_id:
        program_id = _one(form, "program_id")
        if not PROGRAM_ID.match(program_id):
            out.problems.append(
                Problem("program_id", "letters, digits and . _ : @ - only, up to 128")
            )
        out.body["program_id"] = program_id
    settings: dict[str, Any] = {}
    for name in ("name", "region", "timezone", "cohort"):
        if _one(form, name):
            settings[name] = _one(form, name)
        elif name != "cohort":
            out.problems.append(Problem(name, "required"))
    locales = [loc for loc in _many(form, "locales") if loc in SUPPORTED]
    if not locales:
        out.problems.append(Problem("locales", "choose at least one language"))
    settings["locales"] = locales
    for name in ("start_date", "end_date"):
        try:
            settings[name] = date.fromisoformat(_one(form, name)).isoformat()
        except ValueError:
            out.problems.append(Problem(name, "a date like 2026-03-01"))
    approval = _one(form, "approval_mode") or "auto"
    settings["approval_mode"] = approval if approval in ("auto", "admin") else "auto"
    for name, kind in SETTINGS_NUMBERS.items():
        _number(form, name, kind, out, settings)
    blackout: list[str] = []
    for part in _split(_one(form, "blackout_dates")):
        try:
            blackout.append(date.fromisoformat(part).isoformat())
        except ValueError:
            out.problems.append(Problem("blackout_dates", "dates like 2026-12-24, one per line"))
            break
    settings["blackout_dates"] = blackout
    reminders = _split(_one(form, "reminder_offsets_minutes"))
    if all(r.isdigit() for r in reminders):
        settings["reminder_offsets_minutes"] = [int(r) for r in reminders]
    else:
        out.problems.append(Problem("reminder_offsets_minutes", "minutes, separated by commas"))
    settings["admin_recipient_ids"] = _split(_one(form, "admin_recipient_ids"))
    for name in ("chat_webhook_url", "branding_name"):
        settings[name] = _one(form, name) or None
    settings["self_assessment"] = _one(form, "self_assessment") in CHECKED
    out.body["settings"] = settings
    return out


def parse_policy(form: FormData) -> ParsedForm:
    out = ParsedForm()
    policy: dict[str, Any] = {}
    for name, kind in POLICY_NUMBERS.items():
        _number(form, name, kind, out, policy)
    weights: dict[str, Any] = {}
    for name in WEIGHTS:
        raw = _one(form, f"weight_{name}")
        if raw == "":
            continue
        try:
            weights[name] = float(raw)
        except ValueError:
            out.problems.append(Problem(f"weight_{name}", "must be a number"))
    policy["weights"] = weights
    low, high = _one(form, "sweet_spot_low"), _one(form, "sweet_spot_high")
    if low or high:
        try:
            policy["seniority_sweet_spot"] = [int(low), int(high)]
        except ValueError:
            out.problems.append(Problem("seniority_sweet_spot", "two whole numbers"))
    policy["rematch_on_risk"] = _one(form, "rematch_on_risk") in CHECKED
    out.body = {"policy": policy}
    return out


def settings_fields(settings: Mapping[str, Any]) -> dict[str, str]:
    """A program's settings as form values, to fill the edit form."""
    values = {
        k: "" if v is None else str(v) for k, v in settings.items() if not isinstance(v, list)
    }
    values["blackout_dates"] = "\n".join(settings.get("blackout_dates", []))
    values["reminder_offsets_minutes"] = ", ".join(
        str(m) for m in settings.get("reminder_offsets_minutes", [])
    )
    values["admin_recipient_ids"] = ", ".join(settings.get("admin_recipient_ids", []))
    # A program stored before the setting existed offers the self-assessment, as it did then.
    values["self_assessment"] = "on" if settings.get("self_assessment", True) else ""
    return values


def policy_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[tuple[str, Any, Any]]:
    """What a policy version changed: (field, old, new), weights flattened as `weights.x`."""

    def flat(policy: Mapping[str, Any]) -> dict[str, Any]:
        values = {k: v for k, v in policy.items() if k != "weights"}
        for name, weight in (policy.get("weights") or {}).items():
            values[f"weights.{name}"] = weight
        return values

    old, new = flat(before), flat(after)
    return [
        (name, old.get(name), new.get(name))
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    ]
