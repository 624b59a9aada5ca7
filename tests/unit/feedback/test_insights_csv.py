"""The CSV export says `suppressed` where the JSON withholds a number, and is spreadsheet-safe."""

from __future__ import annotations

import csv
import io

from services.feedback.domain.insights import AnswerRow, ProgramActivity, build_report
from services.feedback.entrypoints.insights_csv import HEADER, render_csv


def row(who: str, role: str, skill: str) -> AnswerRow:
    return AnswerRow(
        respondent=who,
        role=role,  # type: ignore[arg-type]
        program_id="p1",
        cohort="2026",
        value=5,
        preparation=4,
        psychological_safety=5 if role == "junior" else None,
        would_continue=True,
        topics_learned=(skill,) if role == "senior" else (),
    )


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_marks_small_groups_suppressed_and_shows_large_ones() -> None:
    answers = [row(f"s{i}", "senior", "ai") for i in range(5)] + [row("j1", "junior", "x")]
    report = build_report(
        scope={"program_id": "p1"},
        min_group_size=5,
        answers=answers,
        programs=[ProgramActivity("p1", "2026", sessions_held=3)],
    )
    text = render_csv(report)
    assert text.splitlines()[0] == ",".join(HEADER)
    cells = {
        (r["section"], r["dimension"], r["group"], r["metric"]): r["value"] for r in parsed(text)
    }
    assert cells[("activity", "all", "all", "sessions_held")] == "3"
    assert cells[("ratings", "role", "senior", "value_avg")] == "5.0"
    assert cells[("ratings", "role", "junior", "value_avg")] == "suppressed"
    assert cells[("ratings", "all", "all", "psychological_safety_avg")] == "suppressed"
    assert cells[("learning_matrix", "junior_to_senior", "ai", "respondents")] == "5"


def test_csv_neutralises_formula_like_names_but_not_negative_numbers() -> None:
    detractors = [
        AnswerRow(
            respondent=f"s{i}",
            role="senior",
            program_id="p1",
            cohort="2026",
            value=2,
            preparation=2,
            psychological_safety=None,
            would_continue=False,
            topics_learned=("=cmd()",),
        )
        for i in range(5)
    ]
    report = build_report(
        scope={"program_id": "p1"},
        min_group_size=5,
        answers=detractors,
        programs=[ProgramActivity("p1", "2026")],
    )
    records = parsed(render_csv(report))
    groups = {r["group"] for r in records if r["section"] == "learning_matrix"}
    assert groups == {"'=cmd()"}
    nps = [r["value"] for r in records if r["metric"] == "nps" and r["dimension"] == "all"]
    assert nps == ["-100.0"]
