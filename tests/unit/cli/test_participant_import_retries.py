"""`twoway participants import` against a small fake matching service (httpx MockTransport)."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx

from cli.participants import ImportReport, Progress, RetryPolicy, import_rows, print_report
from shared.events import ParticipantProfile


def profile(n: int) -> ParticipantProfile:
    return ParticipantProfile.model_validate(
        {
            "participant_id": f"p{n}",
            "role": "junior",
            "display_name": f"Person {n}",
            "email": f"p{n}@example.com",
            "department": "IT",
            "location": "Berlin",
            "timezone": "Europe/Berlin",
            "languages": ["en"],
            "seniority_level": 2,
        }
    )


class FakeMatching:
    """Joins are idempotent, like the real service: a second join of the same row is unchanged.

    `script` says what the next requests meet before they are served: a status code to answer
    with (the rows are still written, as happens when a 503 comes after the write), or
    "drop" for a connection that breaks before any answer."""

    def __init__(self, script: list[int | str]) -> None:
        self.script = list(script)
        self.stored: set[str] = set()
        self.requests = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        people = json.loads(request.content)["participants"]
        outcomes = []
        for person in people:
            pid = person["participant_id"]
            outcomes.append(
                {"participant_id": pid, "status": "unchanged" if pid in self.stored else "joined"}
            )
            self.stored.add(pid)
        step = self.script.pop(0) if self.script else 200
        if step == "drop":
            raise httpx.ConnectError("connection refused", request=request)
        if step != 200:
            body = {"error": "dependency_unavailable", "message": "retry", "problems": []}
            return httpx.Response(int(step), json=body, headers={"Retry-After": "1"})
        return httpx.Response(200, json=outcomes)


class NotATerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(fake: FakeMatching, count: int, attempts: int = 4) -> tuple[ImportReport, list[float], str]:
    waits: list[float] = []
    policy = RetryPolicy(
        attempts=attempts, base_seconds=0.5, sleep=waits.append, jitter=lambda: 1.0
    )
    stream = NotATerminal()
    transport = httpx.MockTransport(fake.handle)
    with httpx.Client(transport=transport, base_url="http://matching") as http:
        rows = [(n + 2, profile(n)) for n in range(count)]
        report = import_rows(http, "emea", rows, policy=policy, progress=Progress(stream))
    return report, waits, stream.getvalue()


def test_a_503_after_the_rows_were_written_is_retried_and_counts_them_once() -> None:
    fake = FakeMatching([503, 503])
    report, waits, _ = run(fake, 3)
    assert (report.joined, report.unchanged) == (0, 3)  # the third send found them stored
    assert len(fake.stored) == 3
    assert report.retried == 2
    assert waits == [1.0, 1.0]  # Retry-After: 1 beats 0.5 s; then 2**1 * 0.5 = 1.0
    assert report.unsent_lines == []


def test_dropped_connections_back_off_exponentially() -> None:
    fake = FakeMatching(["drop", "drop", "drop"])
    report, waits, err = run(fake, 2)
    assert waits == [0.5, 1.0, 2.0]
    assert report.retried == 3
    assert report.joined + report.unchanged == 2
    assert "no answer (ConnectError)" in err


def test_jitter_waits_between_half_and_all_of_the_backoff() -> None:
    policy = RetryPolicy(base_seconds=1.0, cap_seconds=8.0, jitter=lambda: 0.0)
    assert [policy.delay(n, None) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert RetryPolicy(base_seconds=1.0, jitter=lambda: 1.0).delay(3, None) == 8.0


def test_after_every_retry_the_rest_is_reported_as_not_sent(capsys: Any) -> None:
    fake = FakeMatching([503] * 10)
    report, waits, _ = run(fake, 3, attempts=3)
    assert report.unsent_lines == [2, 3, 4]
    assert report.gave_up_because == "HTTP 503"
    assert len(waits) == 2
    assert print_report(report, []) == 1
    err = capsys.readouterr().err
    assert "failed: 3 row(s) not sent (lines 2-4): HTTP 503 after every retry" in err


def test_progress_is_a_line_each_when_stderr_is_not_a_terminal() -> None:
    stream = NotATerminal()
    progress = Progress(stream)
    progress.update("imported 500/2000 valid rows")
    progress.update("imported 1000/2000 valid rows")
    progress.close()
    assert stream.getvalue().splitlines() == [
        "imported 500/2000 valid rows",
        "imported 1000/2000 valid rows",
    ]


def test_progress_redraws_one_line_on_a_terminal_and_notes_start_their_own() -> None:
    stream = Terminal()
    progress = Progress(stream)
    progress.update("imported 500/2000 valid rows")
    progress.note("HTTP 503; sending the batch again in 1.0s (retry 1 of 5)")
    progress.update("imported 1000/2000 valid rows")
    progress.close()
    assert stream.getvalue() == (
        "\rimported 500/2000 valid rows\n"
        "HTTP 503; sending the batch again in 1.0s (retry 1 of 5)\n"
        "\rimported 1000/2000 valid rows\n"
    )


def test_the_report_says_what_happened(capsys: Any) -> None:
    report = ImportReport(joined=5, unchanged=1, retried=2, rejected=[(7, "email: bad")])
    status = print_report(report, [(3, "role: unknown")])
    captured = capsys.readouterr()
    assert status == 1
    assert "joined 5, unchanged 1, rejected 2; retried 2 request(s)" in captured.out
    assert captured.err.splitlines() == ["line 3: role: unknown", "line 7: email: bad"]
