"""Importing participants from an uploaded CSV or JSON Lines file: the same contract and
line-numbered errors as `twoway participants import`; valid rows still go in.

A large file is imported in the background in batches, its progress kept in an `ImportJobs`
store that the page polls (rows sent of rows read), so a 10,000-row file shows how far it got
instead of one long wait.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from services.portal.application.ports import ImportJobs, Json, MatchingApi
from services.portal.domain.failures import (
    Conflict,
    Invalid,
    NotAllowed,
    NotFound,
    PortalError,
    Problem,
    SignInRequired,
    Unavailable,
)
from shared.participant_files import ParsedFile, parse_participants

log = logging.getLogger("twoway.portal")
Progress = Callable[[int, int], Awaitable[None]]
_FAILURES: dict[str, type[PortalError]] = {
    cls.__name__: cls for cls in (Conflict, NotAllowed, NotFound, SignInRequired, Unavailable)
}

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


def parse_upload(*, filename: str, content_type: str | None, content: bytes) -> ParsedFile:
    text = read_text(content)
    return parse_participants(
        text.splitlines(keepends=True), csv_format=is_csv(filename, content_type)
    )


async def import_participants(
    matching: MatchingApi,
    token: str,
    program_id: str,
    *,
    filename: str,
    content_type: str | None,
    content: bytes,
) -> ImportReport:
    parsed = parse_upload(filename=filename, content_type=content_type, content=content)
    return await import_parsed(matching, token, program_id, parsed)


async def import_parsed(
    matching: MatchingApi,
    token: str,
    program_id: str,
    parsed: ParsedFile,
    progress: Progress | None = None,
) -> ImportReport:
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
            await progress(sent, len(parsed.rows))
    report.errors.sort()
    return report


def report_document(report: ImportReport) -> Json:
    return asdict(report)


def report_of(doc: Json) -> ImportReport:
    fields: dict[str, Any] = {k: v for k, v in doc.items() if k != "errors"}
    errors = [(int(line), str(why)) for line, why in doc.get("errors") or []]
    return ImportReport(**fields, errors=errors)


def failure_document(failure: PortalError) -> Json:
    problems = failure.problems if isinstance(failure, Invalid) else []
    return {
        "kind": type(failure).__name__,
        "service": failure.service,
        "code": failure.code,
        "problems": [[p.where, p.why] for p in problems],
    }


def failure_of(doc: Json) -> PortalError:
    service, code = doc.get("service"), doc.get("code")
    if doc.get("kind") == "Invalid":
        return Invalid(service, code, [Problem(w, y) for w, y in doc.get("problems") or []])
    return _FAILURES.get(str(doc.get("kind")), PortalError)(service, code)


async def run_import_job(
    jobs: ImportJobs,
    matching: MatchingApi,
    token: str,
    *,
    job_id: str,
    program_id: str,
    parsed: ParsedFile,
) -> None:
    """The import behind a job: progress after each batch, then the report or the failure."""

    async def progress(sent: int, _total: int) -> None:
        await jobs.advance(job_id, sent)

    try:
        report = await import_parsed(matching, token, program_id, parsed, progress)
    except PortalError as failure:
        await jobs.finish(job_id, report=None, failure=failure_document(failure))
    except Exception as error:  # the page must learn that the import stopped
        log.exception("participant import failed", extra={"error_type": type(error).__name__})
        await jobs.finish(job_id, report=None, failure=failure_document(PortalError()))
    else:
        await jobs.finish(job_id, report=report_document(report), failure=None)
