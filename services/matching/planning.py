"""Offline planning: participants (JSON Lines) and a policy (JSON) in, a plan as a dict out.

Used by `twoway match plan`. Every problem in the files is collected and reported together,
with the file and line it comes from, as one PlanningInputError.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from services.matching.domain import (
    LearningGoal,
    MatchingInputError,
    MatchingResult,
    Participant,
    Policy,
    ProgressCallback,
    Role,
    SkillLevel,
    WeeklyWindow,
    Weights,
    run_matching,
    week_start,
)
from services.matching.domain.availability import is_known_timezone

REQUIRED_FIELDS = (
    "participant_id", "role", "display_name", "email", "department", "location", "timezone",
    "languages", "seniority_level", "reporting_chain", "skills_offered", "learning_goals",
    "availability",
)  # fmt: skip
OPTIONAL_FIELDS = ("capacity", "exclude")
POLICY_FIELDS = tuple(f.name for f in dataclasses.fields(Policy))
WEIGHT_FIELDS = tuple(f.name for f in dataclasses.fields(Weights))


@dataclass(frozen=True, slots=True)
class InputProblem:
    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


class PlanningInputError(ValueError):
    """The participants or policy file cannot be planned from; lists every problem found."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class _Line:
    """Reads typed fields of one JSON object, noting every problem instead of stopping."""

    def __init__(self, found: dict[str, Any], complain: Callable[[str], None]) -> None:
        self.found, self.complain = found, complain

    def known_fields(
        self, required: tuple[str, ...], optional: tuple[str, ...], where: str
    ) -> bool:
        if len(self.found) == len(required) and all(name in self.found for name in required):
            return True  # the common case, checked without building sets
        unknown = sorted(set(self.found) - set(required) - set(optional))
        missing = [name for name in required if name not in self.found]
        for name in unknown:
            self.complain(f"{where}{name}: unknown field")
        for name in missing:
            self.complain(f"{where}{name}: missing")
        return not missing

    def text(self, name: str, where: str = "") -> str:
        value = self.found.get(name)
        if not isinstance(value, str) or not value.strip():
            self.complain(f"{where}{name}: expected a non-empty string, got {value!r}")
            return "?"
        return value

    def integer(self, name: str, low: int, high: int, where: str = "") -> int:
        value = self.found.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.complain(f"{where}{name}: expected a whole number {low}-{high}, got {value!r}")
            return low
        return value

    def items(self, name: str, where: str = "") -> list[Any]:
        value = self.found.get(name, [])
        if not isinstance(value, list):
            self.complain(f"{where}{name}: expected a list, got {value!r}")
            return []
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        values = self.items(name)
        for position, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.complain(f"{name}[{position}]: expected a non-empty string, got {value!r}")
        return tuple(value for value in values if isinstance(value, str))

    def objects(self, name: str, fields: tuple[str, ...]) -> Iterator[tuple[str, _Line]]:
        for position, value in enumerate(self.items(name)):
            where = f"{name}[{position}]."
            if not isinstance(value, dict):
                self.complain(f"{name}[{position}]: expected an object with {', '.join(fields)}")
                continue
            item = _Line(value, self.complain)
            if item.known_fields(fields, (), where):
                yield where, item


@lru_cache(maxsize=65_536)
def _value_object(kind: type, *arguments: object) -> object:
    # Files repeat the same skills and windows on many lines; validate and build each once.
    return kind(*arguments)


def _participant(line: _Line) -> Participant | None:
    if not line.known_fields(REQUIRED_FIELDS, OPTIONAL_FIELDS, ""):
        return None
    role = line.found["role"]
    if role not in ("junior", "senior"):
        line.complain(f"role: expected 'junior' or 'senior', got {role!r}")
    timezone = line.text("timezone")
    if timezone != "?" and not is_known_timezone(timezone):
        line.complain(f"timezone: unknown IANA time zone {timezone!r}")
    email = line.text("email")
    if "@" not in email:
        line.complain(f"email: {email!r} is not an e-mail address")
    languages = line.strings("languages")
    if not languages:
        line.complain("languages: list at least one language")
    skills = [
        (where, SkillLevel, (item.text("skill", where), item.integer("level", 1, 5, where)))
        for where, item in line.objects("skills_offered", ("skill", "level"))
    ]
    goals = [
        (where, LearningGoal, (item.text("skill", where), item.integer("priority", 1, 5, where)))
        for where, item in line.objects("learning_goals", ("skill", "priority"))
    ]
    windows = [
        (where, WeeklyWindow, (item.text("day", where), item.text("start", where),
                               item.text("end", where)))
        for where, item in line.objects("availability", ("day", "start", "end"))
    ]  # fmt: skip
    built: dict[str, list[Any]] = {"skills": [], "goals": [], "windows": []}
    for key, entries in (("skills", skills), ("goals", goals), ("windows", windows)):
        for where, kind, arguments in entries:
            try:
                built[key].append(_value_object(kind, *arguments))
            except ValueError as error:
                line.complain(f"{where.rstrip('.')}: {error}")
    capacity = line.found.get("capacity")
    if capacity is not None:
        capacity = line.integer("capacity", 0, 1000)
    try:
        return Participant(
            participant_id=line.text("participant_id"),
            role=Role(role) if role in ("junior", "senior") else Role.JUNIOR,
            display_name=line.text("display_name"),
            email=email,
            department=line.text("department"),
            location=line.text("location"),
            timezone=timezone,
            languages=languages,
            seniority_level=line.integer("seniority_level", 1, 10),
            reporting_chain=line.strings("reporting_chain"),
            skills_offered=tuple(built["skills"]),
            learning_goals=tuple(built["goals"]),
            availability=tuple(built["windows"]),
            capacity=capacity,
            exclude=line.strings("exclude"),
        )
    except ValueError as error:
        line.complain(str(error))
        return None


def load_participants(path: str | Path) -> list[Participant]:
    source = str(path)
    problems: list[InputProblem] = []
    participants: list[Participant] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(_read(path, source).splitlines(), start=1):
        if not raw.strip():
            continue
        line_problems: list[str] = []
        try:
            found = json.loads(raw)
        except json.JSONDecodeError as error:
            problems.append(InputProblem(source, number, f"not valid JSON: {error.msg}"))
            continue
        if not isinstance(found, dict):
            problems.append(InputProblem(source, number, "expected one JSON object per line"))
            continue
        person = _participant(_Line(found, line_problems.append))
        problems += [InputProblem(source, number, message) for message in line_problems]
        if person is None or line_problems:
            continue
        if person.participant_id in first_seen:
            seen = first_seen[person.participant_id]
            problems.append(
                InputProblem(source, number, f"participant_id {person.participant_id!r} "
                             f"is already used on line {seen}")
            )  # fmt: skip
            continue
        first_seen[person.participant_id] = number
        participants.append(person)
    if problems:
        raise PlanningInputError(problems)
    return participants


def load_policy(path: str | Path) -> Policy:
    source = str(path)
    problems: list[str] = []
    try:
        found = json.loads(_read(path, source))
    except json.JSONDecodeError as error:
        raise PlanningInputError(
            [InputProblem(source, error.lineno, f"not valid JSON: {error.msg}")]
        ) from error
    if not isinstance(found, dict):
        raise PlanningInputError([InputProblem(source, None, "expected a JSON object")])
    line = _Line(found, problems.append)
    line.known_fields((), POLICY_FIELDS, "")
    values = {name: found[name] for name in POLICY_FIELDS if name in found}
    for name, value in values.items():
        if name == "weights":
            continue
        expected_pair = name == "seniority_sweet_spot"
        if expected_pair and not (
            isinstance(value, list) and len(value) == 2 and all(_whole(x) for x in value)
        ):
            problems.append(f"{name}: expected [low, high] whole numbers, got {value!r}")
        elif not expected_pair and not _whole(value):
            problems.append(f"{name}: expected a whole number, got {value!r}")
    if "seniority_sweet_spot" in values and isinstance(values["seniority_sweet_spot"], list):
        values["seniority_sweet_spot"] = tuple(values["seniority_sweet_spot"])
    weights = found.get("weights", {})
    if not isinstance(weights, dict):
        problems.append(f"weights: expected an object, got {weights!r}")
    else:
        _Line(weights, problems.append).known_fields((), WEIGHT_FIELDS, "weights.")
        for name, value in weights.items():
            if name in WEIGHT_FIELDS and (isinstance(value, bool) or
                                          not isinstance(value, int | float)):  # fmt: skip
                problems.append(f"weights.{name}: expected a number, got {value!r}")
    if not problems:
        known = {name: value for name, value in weights.items() if name in WEIGHT_FIELDS}
        chosen_weights = Weights()
        try:
            chosen_weights = Weights(**known)
        except ValueError as error:
            problems += str(error).split("; ")
        try:
            policy = Policy(**{**values, "weights": chosen_weights})
        except ValueError as error:
            problems += str(error).split("; ")
        if not problems:
            return policy
    raise PlanningInputError([InputProblem(source, None, message) for message in problems])


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read(path: str | Path, source: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanningInputError([InputProblem(source, None, f"cannot read: {error}")]) from error


def plan_from_files(
    participants_path: str | Path,
    policy_path: str | Path,
    *,
    reference_week: date | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """A dry-run plan: `{"pairs": [...], "unmatched": [...], "report": {...}}`.

    `reference_week` defaults to the current week (UTC); the report says which week was
    used, so a plan can be reproduced by passing it again."""
    started = time.perf_counter()
    if progress is not None:
        progress("read", 0.0)
    problems: list[InputProblem] = []
    participants: list[Participant] = []
    policy = Policy()
    for load in ("participants", "policy"):
        try:
            if load == "participants":
                participants = load_participants(participants_path)
            else:
                policy = load_policy(policy_path)
        except PlanningInputError as error:
            problems += error.problems
    if problems:
        raise PlanningInputError(problems)
    week = week_start(reference_week or datetime.now(UTC).date())
    read_seconds = round(time.perf_counter() - started, 4)
    try:
        result = run_matching(participants, policy, reference_week=week, progress=progress)
    except MatchingInputError as error:
        raise PlanningInputError(
            [InputProblem(str(participants_path), None, problem) for problem in error.problems]
        ) from error
    return plan_as_dict(result, read_seconds)


def plan_as_dict(result: MatchingResult, read_seconds: float = 0.0) -> dict[str, Any]:
    report = dataclasses.asdict(result.report)
    report["reference_week"] = result.report.reference_week.isoformat()
    report["timings_seconds"] = {"read": read_seconds, **report["timings_seconds"]}
    return {
        "pairs": [
            {
                "junior_id": pair.junior_id,
                "senior_id": pair.senior_id,
                "score": pair.score,
                "reasons": [dataclasses.asdict(reason) for reason in pair.reasons],
            }
            for pair in result.pairs
        ],
        "unmatched": [
            {
                "participant_id": item.participant_id,
                "role": item.role.value,
                "reason": item.reason,
                "detail": item.detail,
                "ruled_out": dict(item.ruled_out),
            }
            for item in result.unmatched
        ],
        "report": report,
    }
