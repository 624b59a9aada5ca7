"""Participant files: the parsing lives in `shared.participant_files` (the portal uses it too)."""

from shared.participant_files import (
    ParsedFile,
    csv_row_to_record,
    parse_participants,
    read_participants,
)

__all__ = ["ParsedFile", "csv_row_to_record", "parse_participants", "read_participants"]
