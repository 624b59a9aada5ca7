"""Offline planning: participants (JSON Lines) and a policy (JSON) in, a plan as a dict out.

Used by `twoway match plan`. Every problem in the files is collected and reported together,
with the file and line it comes from, as one PlanningInputError.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from services.matching.adapters.participant_files import read_valid_participants
from services.matching.application.mapping import DomainParticipants, to_domain_policy
from services.matching.application.policy import PolicyIn
from services.matching.domain import (
    MatchingInputError,
    MatchingResult,
    Participant,
    Policy,
    ProgressCallback,
    run_matching,
    week_start,
)
from shared.events.codec import describe_validation_error


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


def load_participants(path: str | Path) -> list[Participant]:
    """Participants as the engine sees them; every bad line is reported with its number."""
    source = str(path)
    try:
        parsed = read_valid_participants(Path(path))
    except (OSError, UnicodeDecodeError) as error:
        raise PlanningInputError([InputProblem(source, None, f"cannot read: {error}")]) from error
    if parsed.errors:
        raise PlanningInputError(
            [InputProblem(source, line, message) for line, message in parsed.errors]
        )
    return DomainParticipants().of([profile for _, profile in parsed.rows])


def load_policy(path: str | Path) -> Policy:
    """The same policy document the API takes; unknown fields are refused."""
    source = str(path)
    try:
        found = json.loads(_read(path, source))
    except json.JSONDecodeError as error:
        raise PlanningInputError(
            [InputProblem(source, error.lineno, f"not valid JSON: {error.msg}")]
        ) from error
    try:
        return to_domain_policy(PolicyIn.model_validate(found))
    except ValidationError as error:
        raise PlanningInputError(
            [InputProblem(source, None, problem) for problem in describe_validation_error(error)]
        ) from None


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
    with _cyclic_collector_paused():
        return _plan(participants_path, policy_path, reference_week, progress)


@contextmanager
def _cyclic_collector_paused() -> Iterator[None]:
    """A plan builds millions of small acyclic objects (profiles, participants, reasons), which
    reference counting frees; the cyclic collector's full passes over them cost more than
    reading and validating the file (5.2 s of 7 s at 100,000 people), so it waits."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan(
    participants_path: str | Path,
    policy_path: str | Path,
    reference_week: date | None,
    progress: ProgressCallback | None,
) -> dict[str, Any]:
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
                # Built by hand: dataclasses.asdict deep-copies every field of every reason,
                # which took seconds for a large program.
                "reasons": [
                    {"code": reason.code, "text": reason.text, "points": reason.points}
                    for reason in pair.reasons
                ],
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
