"""A large participant file through htmx: imported in the background in batches, its progress
polled (rows sent of rows read), then the report with line-numbered errors; only the browser
session that uploaded it may read it."""

from __future__ import annotations

import time
from dataclasses import replace

from services.portal.application.participant_import import (
    BATCH,
    ImportReport,
    failure_document,
    failure_of,
    report_document,
    report_of,
)
from services.portal.application.ports import ImportJob, Json
from services.portal.domain.failures import Invalid, Problem, Unavailable
from tests.unit.portal.console_data import PROGRAM_ID
from tests.unit.portal.console_session import BASE, CSV_HEADER, signed_in

HTMX = {"HX-Request": "true"}


class FakeImportJobs:
    def __init__(self) -> None:
        self.jobs: dict[str, ImportJob] = {}
        self.progress: list[int] = []

    async def begin(self, job: ImportJob) -> None:
        self.jobs[job.job_id] = job

    async def advance(self, job_id: str, sent: int) -> None:
        self.progress.append(sent)
        self.jobs[job_id] = replace(self.jobs[job_id], sent=sent)

    async def finish(self, job_id: str, *, report: Json | None, failure: Json | None) -> None:
        self.jobs[job_id] = replace(self.jobs[job_id], done=True, report=report, failure=failure)

    async def find(self, job_id: str) -> ImportJob | None:
        return self.jobs.get(job_id)


def rows(count: int, bad_line: int) -> str:
    lines = [CSV_HEADER]
    for n in range(count):
        role = "boss" if n + 2 == bad_line else ("junior" if n % 2 else "senior")
        lines.append(
            f"u{n:05d},{role},Person {n},u{n}@example.com,IT,Berlin,Europe/Berlin,en,"
            f"{2 if role == 'junior' else 8},python:4,sales:3,mon 09:00-12:00\n"
        )
    return "".join(lines)


def test_a_large_upload_reports_its_progress_then_the_report_with_line_numbers() -> None:
    h, matching, _, _ = signed_in()
    jobs = FakeImportJobs()
    h.app.state.portal.imports = jobs
    started = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", rows(1200, bad_line=7).encode(), "text/csv")},
        headers=HTMX,
    )
    assert started.status_code == 200
    assert 'hx-trigger="load delay:1s"' in started.text
    assert "of 1199 rows sent" in started.text
    [job_id] = jobs.jobs
    poll = f"{BASE}/participants/imports/{job_id}"
    assert f'hx-get="{poll}"' in started.text
    deadline = time.monotonic() + 10
    while not jobs.jobs[job_id].done and time.monotonic() < deadline:
        time.sleep(0.02)
    report = h.client.get(poll, headers=HTMX)
    assert report.status_code == 200
    assert "hx-trigger" not in report.text
    assert "Line 7" in report.text
    assert "u5@example.com" not in report.text
    assert jobs.progress == [BATCH, 2 * BATCH, 1199]
    assert len(matching.joined) == 1199


def test_another_session_cannot_read_an_imports_progress() -> None:
    h, _, _, _ = signed_in()
    jobs = FakeImportJobs()
    h.app.state.portal.imports = jobs
    h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", rows(3, bad_line=0).encode(), "text/csv")},
        headers=HTMX,
    )
    [job_id] = jobs.jobs
    other, _, _, _ = signed_in()
    other.app.state.portal.imports = jobs
    answer = other.client.get(f"{BASE}/participants/imports/{job_id}")
    assert answer.status_code == 404
    elsewhere = h.client.get(f"/admin/programs/not-{PROGRAM_ID}/participants/imports/{job_id}")
    assert elsewhere.status_code == 404


def test_a_report_and_a_failure_survive_the_store() -> None:
    report = ImportReport(rows=3, joined=2, errors=[(4, "role: must be junior or senior")])
    assert report_of(report_document(report)) == report
    invalid = failure_of(failure_document(Invalid("matching", "bad", [Problem("file", "x")])))
    assert isinstance(invalid, Invalid)
    assert invalid.problems == [Problem("file", "x")]
    down = failure_of(failure_document(Unavailable("matching", "unreachable")))
    assert isinstance(down, Unavailable)
    assert down.service == "matching"
