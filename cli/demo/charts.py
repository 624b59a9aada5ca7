"""Charts of the demo's report (PNG): the participant funnel, the two-way learning matrix and
the sessions held week by week."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display needed

import matplotlib.pyplot as plt
import numpy as np

from cli.demo.report import FUNNEL, ProgramReport

COLOURS = ("#2b6cb0", "#2f855a", "#c05621", "#6b46c1")


def write_charts(reports: list[ProgramReport], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [funnel_chart(reports, folder / "funnel.png")]
    written.append(learning_matrix_chart(reports, folder / "learning-matrix.png"))
    written.append(sessions_chart(reports, folder / "sessions-by-week.png"))
    return written


def funnel_chart(reports: list[ProgramReport], path: Path) -> Path:
    fig, axes = plt.subplots(1, len(reports), figsize=(4.2 * len(reports), 3.8), squeeze=False)
    for ax, report, colour in zip(axes[0], reports, COLOURS, strict=False):
        values = [report.funnel[stage] for stage in FUNNEL]
        top = max(values[0], 1)
        y = np.arange(len(FUNNEL))[::-1]
        ax.barh(y, values, left=[(top - v) / 2 for v in values], color=colour, height=0.7)
        for yi, v in zip(y, values, strict=True):
            ax.text(top / 2, yi, f"{v}  ({v / top:.0%})", ha="center", va="center",
                    color="white" if v > top * 0.35 else "black", fontsize=9)  # fmt: skip
        ax.set_yticks(y, FUNNEL)
        ax.set_xticks([])
        ax.set_xlim(0, top)
        ax.set_title(f"{report.region}  ({report.program_id})", fontsize=10)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
    fig.suptitle("Participant funnel: joined → matched → scheduled → held → feedback")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def learning_matrix_chart(reports: list[ProgramReport], path: Path, top: int = 12) -> Path:
    directions = (
        ("junior_to_senior", "Juniors taught seniors"),
        ("senior_to_junior", "Seniors taught juniors"),
    )
    fig, axes = plt.subplots(1, 2, figsize=(12, 6.5))
    for ax, (direction, title) in zip(axes, directions, strict=True):
        cells: dict[tuple[str, str], int | None] = {}
        totals: Counter[str] = Counter()
        for r in reports:
            for cell in r.insights["learning_matrix"]:
                if cell["direction"] != direction:
                    continue
                cells[(cell["skill"], r.program_id)] = (
                    None if cell["suppressed"] else cell["mentions"]
                )
                totals[cell["skill"]] += cell["mentions"] or 0
        skills = [s for s, _ in totals.most_common(top)] or ["(no answers yet)"]
        grid = np.full((len(skills), len(reports)), np.nan)
        for i, skill in enumerate(skills):
            for j, r in enumerate(reports):
                value = cells.get((skill, r.program_id))
                if value is not None:
                    grid[i, j] = value
        image = ax.imshow(np.ma.masked_invalid(grid), cmap="YlGnBu", aspect="auto")
        ax.set_facecolor("#e2e2e2")  # suppressed or absent cells
        for i, skill in enumerate(skills):
            for j, r in enumerate(reports):
                key = (skill, r.program_id)
                if key not in cells:
                    continue
                text = "n<min" if cells[key] is None else str(int(grid[i, j]))
                dark = not np.isnan(grid[i, j]) and grid[i, j] > np.nanmax(grid) * 0.6
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")  # fmt: skip
        ax.set_xticks(range(len(reports)), [r.region for r in reports])
        ax.set_yticks(range(len(skills)), skills)
        ax.set_title(title)
        fig.colorbar(image, ax=ax, shrink=0.7, label="mentions in feedback")
    fig.suptitle("Two-way learning matrix (skills reported by learners and teachers)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _week_of(moment: str, start: date) -> int:
    return (datetime.fromisoformat(moment).date() - start).days // 7


def sessions_chart(reports: list[ProgramReport], path: Path) -> Path:
    start = min(date.fromisoformat(r.settings["start_date"]) for r in reports)
    end = max(date.fromisoformat(r.settings["end_date"]) for r in reports)
    weeks = max(1, (end - start).days // 7 + 1)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for r in reports:
        for session in r.sessions:
            week = _week_of(session["start"], start)
            if 0 <= week < weeks:
                counts[session["status"]][week] += 1
    fig, ax = plt.subplots(figsize=(10, 4))
    x = np.arange(weeks)
    bottom = np.zeros(weeks)
    for status, colour in (("completed", "#2f855a"), ("missed", "#c53030"),
                           ("cancelled", "#a0aec0"), ("scheduled", "#90cdf4")):  # fmt: skip
        values = np.array([counts[status][w] for w in range(weeks)], dtype=float)
        ax.bar(x, values, bottom=bottom, color=colour, label=status)
        bottom += values
    ax.set_xticks(x, [(start + timedelta(weeks=int(w))).strftime("%d %b") for w in x],
                  rotation=45, ha="right")  # fmt: skip
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.2)  # room for the legend
    ax.set_ylabel("sessions")
    ax.set_title("Sessions by week, all programs (scheduling API)")
    ax.legend(frameon=False, ncols=4, loc="upper right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
