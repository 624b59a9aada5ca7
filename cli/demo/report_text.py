"""The demo's report as text: one table per part of the program, figures from the services."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from cli.demo.report import FUNNEL, ProgramReport


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  "
            + "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(reports: list[ProgramReport], *, start: date, end: date, wall_seconds: float) -> str:
    out: list[str] = []
    minutes, seconds = divmod(int(wall_seconds), 60)
    out.append(
        f"Twoway demo report: {len(reports)} regional programs, {start} to {end} "
        f"({(end - start).days // 7} weeks of program time in {minutes}m{seconds:02d}s)"
    )
    out += ["", "Programs (matching API)"]
    out += _table(
        ["program", "region", "time zone", "locales", "holidays", "participants", "rounds"],
        [
            [r.program_id, r.region, r.settings["timezone"], ",".join(r.settings["locales"]),
             len(r.settings["blackout_dates"]), r.participants, len(r.rounds)]
            for r in reports
        ],
    )  # fmt: skip
    out += ["", "Match quality (each round's report)"]
    rows = []
    for r in reports:
        for n, rnd in enumerate(r.rounds, start=1):
            q = rnd["report"]
            rows.append(
                [r.program_id if n == 1 else "", f"#{n} {rnd['at'][:10]}", rnd["new_pairs"],
                 q["kept_pairs"], rnd["unmatched"], _pct(q["senior_match_rate"]),
                 _num(q["mean_score"]), _num(q["lowest_score"]),
                 f"{q['gap_to_upper_bound']:.3%}", _pct(q["top_k_share"]), q["blocking_pairs"]]
            )  # fmt: skip
    out += _table(
        ["program", "round", "new pairs", "kept", "unmatched", "senior match", "mean score",
         "lowest", "gap to bound", "top-3 share", "blocking"],
        rows,
    )  # fmt: skip
    out += ["", "Sessions (scheduling API)"]
    rows = []
    for r in reports:
        by = r.sessions_by_status()
        settled = by["completed"] + by["missed"]
        series = Counter(s["status"] for s in r.series)
        rows.append(
            [r.program_id, len(r.series), series["unschedulable"], by["completed"], by["missed"],
             by["cancelled"], by["scheduled"], _pct(by["completed"] / settled if settled else None)]
        )  # fmt: skip
    out += _table(
        ["program", "series", "unschedulable", "held", "missed", "cancelled", "upcoming",
         "held share"],
        rows,
    )  # fmt: skip
    out += ["", "Feedback and ratings (feedback insights API)"]
    rows = []
    for r in reports:
        a, g = r.insights["activity"], r.insights["ratings"]
        shown = not g["suppressed"]
        rows.append(
            [r.program_id, a["feedback_requests"], a["feedback_answered"], _pct(a["feedback_rate"]),
             g["respondents"] if shown else "suppressed", _num(g["value_avg"]),
             _num(g["preparation_avg"]), _num(g["psychological_safety_avg"]),
             _pct(g["would_continue_rate"]), _num(g["nps"], 0)]
        )  # fmt: skip
    out += _table(
        ["program", "requests", "answered", "rate", "respondents", "value", "preparation",
         "safety", "would continue", "NPS"],
        rows,
    )  # fmt: skip
    out += ["", "Two-way learning (feedback insights: skills reported per direction)"]
    out += _learning_lines(reports)
    growth = [
        (r.program_id, c)
        for r in reports
        for c in r.insights.get("skill_growth", [])
        if not c["suppressed"]
    ]
    if growth:
        out += ["", "Skill growth (self-assessments before and after)"]
        growth.sort(key=lambda item: -(item[1]["respondents"] or 0))
        out += _table(
            ["program", "skill", "people", "before", "after", "change"],
            [[p, c["skill"], c["respondents"], _num(c["mean_pre"]), _num(c["mean_post"]),
              f"{c['mean_change']:+.2f}"] for p, c in growth[:8]],
        )  # fmt: skip
    out += ["", "Early warning and rematching (feedback events, matching pairs API)"]
    rows = []
    for r in reports:
        _, people, again = r.rematches()
        reasons = ", ".join(f"{k} {v}" for k, v in r.events.at_risk_reasons.most_common())
        ended = ", ".join(f"{k} {v}" for k, v in sorted(r.ended_by_reason().items()))
        rows.append(
            [r.program_id, len(r.events.at_risk_pairs), reasons or "-", ended or "-",
             f"{again}/{people}", r.at_risk_now]
        )  # fmt: skip
    out += _table(
        ["program", "pairs at risk", "reasons", "pairs ended", "people rematched",
         "at risk now"],
        rows,
    )  # fmt: skip
    out += ["", "Notifications (NotificationSent / NotificationFailed audit events)"]
    channels = sorted({c for r in reports for c in r.events.sent_by_channel} | {"email", "inbox"})
    out += _table(
        ["program", *(f"{c} sent" for c in channels), "failed"],
        [
            [r.program_id, *(r.events.sent_by_channel[c] for c in channels),
             sum(r.events.failed_by_channel.values())]
            for r in reports
        ],
    )  # fmt: skip
    templates: Counter[str] = Counter()
    for r in reports:
        for (channel, template), n in r.events.sent_by_template.items():
            if channel == "email":
                templates[template] += n
    if templates:
        out.append(
            "  emails by template: " + ", ".join(f"{t} {n}" for t, n in templates.most_common())
        )
    out += ["", "Funnel (people)"]
    out += _table(
        ["program", *FUNNEL],
        [[r.program_id, *(r.funnel[stage] for stage in FUNNEL)] for r in reports],
    )
    return "\n".join(out) + "\n"


def _learning_lines(reports: list[ProgramReport]) -> list[str]:
    lines = []
    for direction, title in (
        ("junior_to_senior", "juniors taught seniors"),
        ("senior_to_junior", "seniors taught juniors"),
    ):
        totals: Counter[str] = Counter()
        hidden = 0
        for r in reports:
            for cell in r.insights["learning_matrix"]:
                if cell["direction"] != direction:
                    continue
                if cell["suppressed"]:
                    hidden += 1
                else:
                    totals[cell["skill"]] += cell["mentions"]
        top = ", ".join(f"{skill} {n}" for skill, n in totals.most_common(6))
        note = f" ({hidden} small group(s) suppressed)" if hidden else ""
        lines.append(f"  {title}: {top or 'nothing above the minimum group size'}{note}")
    return lines
