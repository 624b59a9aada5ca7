"""Participant files: the parsing lives in `shared.participant_files` (the portal uses it too).

The offline planner reads files of 100,000 people and more, so it first tries a fast path for
JSON Lines files that are entirely valid: each line is parsed and validated in one pydantic
call, on bytes, with no intermediate dicts. Any line the fast path does not accept as it is
(invalid, repeated, not UTF-8) sends the whole file through the
shared reader, so every problem is reported exactly as before, with its line number.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from shared.events import ParticipantProfile
from shared.participant_files import (
    ParsedFile,
    csv_row_to_record,
    parse_participants,
    read_participants,
)

__all__ = [
    "ParsedFile",
    "csv_row_to_record",
    "parse_participants",
    "read_participants",
    "read_valid_participants",
]

_ASCII_BLANK = b" \t\r\n\f\v"


def read_valid_participants(path: Path) -> ParsedFile:
    """Same result as `read_participants`, faster when every JSON Lines row is valid."""
    if path.suffix.lower() == ".csv":
        return read_participants(path)
    fast = _all_rows_or_none(path.read_bytes())
    return fast if fast is not None else read_participants(path)


def _all_rows_or_none(content: bytes) -> ParsedFile | None:
    if content.startswith(b"\xef\xbb\xbf"):
        return None  # a BOM: the shared reader says what it makes of it
    parsed = ParsedFile()
    seen: set[str] = set()
    validate = ParticipantProfile.model_validate_json
    # bytes.splitlines splits where a text file's lines end (\n, \r, \r\n), so numbers agree.
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip(_ASCII_BLANK):
            continue  # the shared reader skips blank lines too
        try:
            profile = validate(line)
        except (ValidationError, ValueError):
            return None
        if profile.participant_id in seen:
            return None
        seen.add(profile.participant_id)
        parsed.rows.append((number, profile))
    return parsed
