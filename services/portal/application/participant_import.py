"""Importing participants from an uploaded CSV or JSON Lines file: the same contract and
line-numbered errors as `twoway participants import`; valid rows still go in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from services.portal.application.ports import MatchingApi
from services.portal.domain.failures import Invalid, Problem
from shared.participant_files import parse_participants

BATCH = 500
MAX_ERRORS_SHOWN = 200


@dataclass
class ImportReport:
    rows: int = 0
    joined: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    """(line number, what is wrong), in line order."""

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def shown_errors(self) -> list[tuple[int, str]]:
        return self.errors[:MAX_ERRORS_SHOWN]


def is_csv(filename: str, content_type: str | None) -> bool:
    name = filename.lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return False
    return name.endswith(".csv") or (content_type or "").startswith("text/csv")


def read_text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(None, "not_utf8", [Problem("file", "the file must be UTF-8 text")]) from None


async def import_participants(
    matching: MatchingApi,
    token: str,
    program_id: str,
    *,
    filename: str,
    content_type: str | None,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    text = read_text(content)
    parsed = parse_participants(
        text.splitlines(keepends=True), csv_format=is_csv(filename, content_type)
    )
    report = ImportReport(rows=len(parsed.rows) + len(parsed.errors))
    report.errors.extend(parsed.errors)
    line_of = {profile.participant_id: line for line, profile in parsed.rows}
    sent = 0
    for start in range(0, len(parsed.rows), BATCH):
        batch = parsed.rows[start : start + BATCH]
        outcomes = await matching.join_many(
            token, program_id, [profile.model_dump(mode="json") for _, profile in batch]
        )
        for outcome in outcomes:
            status = outcome.get("status")
            if status == "joined":
                report.joined += 1
            elif status == "updated":
                report.updated += 1
            elif status == "unchanged":
                report.unchanged += 1
            else:
                line = line_of.get(str(outcome.get("participant_id")), 0)
                problems = outcome.get("problems") or ["rejected"]
                report.errors.append((line, "; ".join(str(p) for p in problems)))
        sent += len(batch)
        if progress is not None:
            progress(sent, len(parsed.rows))
    report.errors.sort()
    return report
