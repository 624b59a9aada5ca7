"""`twoway participants import`: bulk import with progress, retries and per-row errors.

Joins are idempotent (a participant already there with the same profile is `unchanged`), so a
batch that met a 503 or a dropped connection is simply sent again, after an exponential
backoff with jitter. At the end the import says what happened: rows joined, unchanged,
rejected (by line), requests retried, and rows that could not be sent at all.
"""

from __future__ import annotations

import random
import sys
import time
from argparse import Namespace, _SubParsersAction
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import httpx

from cli.api_client import CliError, add_connection_options, checked, client
from shared.events import ParticipantProfile
from shared.participant_files import read_participants

BATCH = 500
RETRYABLE_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: attempt n waits a random share of base * 2**n."""

    attempts: int = 6
    base_seconds: float = 0.5
    cap_seconds: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random

    def delay(self, retry: int, retry_after: str | None) -> float:
        ceiling = min(self.cap_seconds, self.base_seconds * 2**retry)
        wait = ceiling * (0.5 + 0.5 * self.jitter())
        if retry_after is not None and retry_after.isdigit():
            wait = max(wait, min(float(retry_after), self.cap_seconds))
        return wait


@dataclass
class ImportReport:
    joined: int = 0
    unchanged: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    retried: int = 0
    unsent_lines: list[int] = field(default_factory=list)
    gave_up_because: str | None = None


class Progress:
    """One line per update when the stream is not a terminal; one line redrawn on a tty."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._open = False

    def update(self, text: str) -> None:
        if self._tty:
            self._stream.write(f"\r{text}")
            self._open = True
        else:
            self._stream.write(f"{text}\n")
        self._stream.flush()

    def note(self, text: str) -> None:
        """A message of its own, never glued to a progress line."""
        self.close()
        self._stream.write(f"{text}\n")
        self._stream.flush()

    def close(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._open = False


class GaveUp(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("participants", help="participants of a program")
    verbs = parser.add_subparsers(dest="verb", required=True)
    importing = verbs.add_parser(
        "import", help="import participants from CSV or JSON Lines (.csv / .jsonl)"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--program", required=True)
    importing.add_argument(
        "--retries",
        type=int,
        default=RetryPolicy.attempts - 1,
        help="times a batch is sent again after a 503 or a dropped connection (default 5)",
    )
    add_connection_options(importing, "matching")
    importing.set_defaults(handler=import_file)


def send_batch(
    http: httpx.Client,
    path: str,
    body: dict[str, Any],
    policy: RetryPolicy,
    report: ImportReport,
    progress: Progress,
) -> list[dict[str, Any]]:
    for attempt in range(policy.attempts):
        retry_after = None
        try:
            response = http.post(path, json=body)
        except httpx.TransportError as error:
            reason = f"no answer ({type(error).__name__})"
        else:
            if response.status_code not in RETRYABLE_STATUSES:
                return list(checked(response))
            reason = f"HTTP {response.status_code}"
            retry_after = response.headers.get("retry-after")
        if attempt + 1 == policy.attempts:
            raise GaveUp(reason)
        wait = policy.delay(attempt, retry_after)
        report.retried += 1
        progress.note(
            f"{reason}; sending the batch again in {wait:.1f}s "
            f"(retry {attempt + 1} of {policy.attempts - 1})"
        )
        policy.sleep(wait)
    raise GaveUp("no attempts allowed")


def import_rows(
    http: httpx.Client,
    program: str,
    rows: Sequence[tuple[int, ParticipantProfile]],
    *,
    policy: RetryPolicy,
    progress: Progress,
) -> ImportReport:
    report = ImportReport()
    path = f"/programs/{quote(program, safe='')}/participants/bulk"
    total = len(rows)
    for start in range(0, total, BATCH):
        batch = rows[start : start + BATCH]
        body = {"participants": [p.model_dump(mode="json") for _, p in batch]}
        try:
            outcomes = send_batch(http, path, body, policy, report, progress)
        except GaveUp as stop:
            report.gave_up_because = stop.reason
            report.unsent_lines = [line for line, _ in rows[start:]]
            break
        for (line, _), outcome in zip(batch, outcomes, strict=True):
            status = outcome["status"]
            if status == "joined":
                report.joined += 1
            elif status == "unchanged":
                report.unchanged += 1
            elif status == "updated":
                report.updated += 1
            else:
                report.rejected.append((line, "; ".join(outcome["problems"])))
        progress.update(f"imported {min(start + BATCH, total)}/{total} valid rows")
    progress.close()
    return report


def import_file(args: Namespace) -> int:
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    if args.retries < 0:
        raise CliError("--retries must be 0 or more")
    parsed = read_participants(args.file)
    progress = Progress(sys.stderr)
    with client(args) as http:
        report = import_rows(
            http,
            args.program,
            parsed.rows,
            policy=RetryPolicy(attempts=args.retries + 1),
            progress=progress,
        )
    return print_report(report, list(parsed.errors))


def print_report(report: ImportReport, file_errors: list[tuple[int, str]]) -> int:
    rejected = sorted(file_errors + report.rejected)
    for line, problem in rejected:
        print(f"line {line}: {problem}", file=sys.stderr)
    print(
        f"joined {report.joined}, unchanged {report.unchanged}, rejected {len(rejected)}"
        + (f", updated {report.updated}" if report.updated else "")
        + f"; retried {report.retried} request(s)"
    )
    if report.unsent_lines:
        first, last = report.unsent_lines[0], report.unsent_lines[-1]
        print(
            f"failed: {len(report.unsent_lines)} row(s) not sent (lines {first}-{last}): "
            f"{report.gave_up_because} after every retry; run the import again "
            "(rows already imported stay unchanged)",
            file=sys.stderr,
        )
    return 1 if rejected or report.unsent_lines else 0
