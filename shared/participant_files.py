"""Participant files from HR exports: JSON Lines or CSV, one contract with the API and events.

Shared by the `twoway participants import` command, the offline planner and the portal's upload.

Every row is checked on its own; problems are reported with their line numbers and the valid
rows still go through.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shared.events import ParticipantProfile
from shared.events.codec import describe_validation_error

LIST_FIELDS = ("languages", "reporting_chain", "exclude")


@dataclass
class ParsedFile:
    rows: list[tuple[int, ParticipantProfile]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _pairs(value: str, key: str, number: str) -> list[dict[str, Any]]:
    out = []
    for part in _split(value):
        name, _, level = part.rpartition(":")
        if not name:
            raise ValueError(f"expected 'skill:{number}', got {part!r}")
        out.append({key: name.strip(), number: int(level)})
    return out


def _windows(value: str) -> list[dict[str, str]]:
    out = []
    for part in _split(value):
        day, _, span = part.partition(" ")
        start, _, end = span.strip().partition("-")
        out.append({"day": day.strip().lower(), "start": start.strip(), "end": end.strip()})
    return out


def csv_row_to_record(row: dict[str, str]) -> dict[str, Any]:
    """CSV cells to the JSON contract: lists are `;`-separated, skills `name:level`,
    goals `name:priority`, availability `mon 09:00-12:00`."""
    record: dict[str, Any] = {k: v for k, v in row.items() if k is not None and v not in ("", None)}
    if None in row:
        raise ValueError("more cells than header columns")
    for name in LIST_FIELDS:
        if name in record:
            record[name] = _split(record[name])
    if "skills_offered" in record:
        record["skills_offered"] = _pairs(record["skills_offered"], "skill", "level")
    if "learning_goals" in record:
        record["learning_goals"] = _pairs(record["learning_goals"], "skill", "priority")
    if "availability" in record:
        record["availability"] = _windows(record["availability"])
    for name in ("seniority_level", "capacity"):
        if name in record:
            record[name] = int(record[name])
    return record


def _csv_records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    reader = csv.DictReader(lines)
    for row in reader:
        try:
            yield reader.line_num, csv_row_to_record(row), None
        except ValueError as error:
            yield reader.line_num, None, str(error)


def _json_lines_records(
    lines: Iterable[str],
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, None, f"not JSON ({error.msg})"
            continue
        if not isinstance(value, dict):
            yield number, None, "each line must be a JSON object"
            continue
        yield number, value, None


def read_participants(path: Path) -> ParsedFile:
    """A file on disk: `.csv` is CSV, anything else JSON Lines."""
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return parse_participants(handle, csv_format=True)
    with path.open(encoding="utf-8") as handle:
        return parse_participants(handle, csv_format=False)


def parse_participants(lines: Iterable[str], *, csv_format: bool) -> ParsedFile:
    """Lines of an uploaded or read file (without a BOM), each row checked on its own."""
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    records = _csv_records(lines) if csv_format else _json_lines_records(lines)
    for number, record, error in records:
        if record is None:
            parsed.errors.append((number, error or "unreadable row"))
            continue
        try:
            profile = ParticipantProfile.model_validate(record)
        except ValidationError as invalid:
            parsed.errors.append((number, "; ".join(describe_validation_error(invalid))))
            continue
        if profile.participant_id in seen:
            parsed.errors.append(
                (number, f"participant_id repeats line {seen[profile.participant_id]}")
            )
            continue
        seen[profile.participant_id] = number
        parsed.rows.append((number, profile))
    return parsed
