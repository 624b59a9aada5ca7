"""Insights as long-format CSV (section, dimension, group, metric, value) for spreadsheets.

A suppressed figure reads `suppressed`; a figure that does not apply is left empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import fields

from services.feedback.domain.insights import ActivityFigures, InsightsReport, RatingSummary

HEADER = ("section", "dimension", "group", "metric", "value")
SUPPRESSED = "suppressed"

Row = tuple[str, str, str, str, str]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _activity(dimension: str, group: str, figures: ActivityFigures) -> Iterator[Row]:
    for item in fields(figures):
        yield ("activity", dimension, group, item.name, _cell(getattr(figures, item.name)))


def _ratings(dimension: str, group: str, summary: RatingSummary) -> Iterator[Row]:
    for item in fields(summary):
        if item.name in ("suppressed", "psychological_safety_suppressed"):
            continue
        value = getattr(summary, item.name)
        if summary.suppressed or (
            item.name == "psychological_safety_avg" and summary.psychological_safety_suppressed
        ):
            yield ("ratings", dimension, group, item.name, SUPPRESSED)
        else:
            yield ("ratings", dimension, group, item.name, _cell(value))


def rows(report: InsightsReport) -> Iterator[Row]:
    for key, value in report.scope.items():
        yield ("scope", key, value, "", "")
    yield ("scope", "min_group_size", "", "", str(report.min_group_size))
    yield from _activity("all", "all", report.activity)
    yield from _ratings("all", "all", report.ratings)
    for group in report.groups:
        yield from _activity(group.dimension, group.group, group.activity)
        yield from _ratings(group.dimension, group.group, group.ratings)
    for cell in report.learning_matrix:
        for metric in ("respondents", "mentions"):
            value = SUPPRESSED if cell.suppressed else _cell(getattr(cell, metric))
            yield ("learning_matrix", cell.direction, cell.skill, metric, value)
    for growth in report.skill_growth:
        for metric in ("respondents", "mean_pre", "mean_post", "mean_change"):
            value = SUPPRESSED if growth.suppressed else _cell(getattr(growth, metric))
            yield ("skill_growth", "skill", growth.skill, metric, value)


def _inert(text: str) -> str:
    """Names that a spreadsheet would run as a formula are quoted (numbers stay numbers)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def render_csv(report: InsightsReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(_inert(part) for part in row) for row in rows(report))
    return buffer.getvalue()
