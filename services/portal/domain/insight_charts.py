"""The feedback service's insights as charts: activity, ratings and the learning matrix."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from services.portal.domain.charts import Bar, bar_chart, learning_matrix_bars

Translate = Callable[..., str]


@dataclass(frozen=True, slots=True)
class InsightCharts:
    activity: Markup
    ratings: Markup | None
    matrix: Markup | None
    ratings_suppressed: bool
    min_group_size: int


def _value(source: Mapping[str, Any], name: str) -> float | None:
    value = source.get(name)
    return float(value) if isinstance(value, int | float) else None


def insight_charts(insights: Mapping[str, Any], t: Translate) -> InsightCharts:
    activity = insights.get("activity") or {}
    ratings = insights.get("ratings") or {}
    suppressed = t("admin.insights.suppressed")
    activity_bars = [
        Bar(t("admin.insights.sessions_held"), _value(activity, "sessions_held") or 0, 0),
        Bar(t("admin.insights.sessions_missed"), _value(activity, "sessions_missed") or 0, 1),
        Bar(t("admin.insights.requests"), _value(activity, "feedback_requests") or 0, 0),
        Bar(t("admin.insights.answered"), _value(activity, "feedback_answered") or 0, 1),
    ]
    ratings_chart = None
    if not ratings.get("suppressed"):
        safety = (
            None
            if ratings.get("psychological_safety_suppressed")
            else _value(ratings, "psychological_safety_avg")
        )
        ratings_chart = bar_chart(
            chart_id="ratings",
            title=t("admin.insights.ratings_title"),
            description=t("admin.insights.ratings_desc"),
            bars=[
                Bar(t("admin.insights.value"), _value(ratings, "value_avg")),
                Bar(t("admin.insights.preparation"), _value(ratings, "preparation_avg")),
                Bar(t("admin.insights.safety"), safety),
            ],
            suppressed_text=suppressed,
            maximum=5,
        )
    cells = list(insights.get("learning_matrix") or [])
    matrix = None
    if cells:
        labels = (t("admin.insights.juniors_taught"), t("admin.insights.seniors_taught"))
        matrix = bar_chart(
            chart_id="matrix",
            title=t("admin.insights.matrix_title"),
            description=t("admin.insights.matrix_desc"),
            bars=learning_matrix_bars(cells, labels),
            suppressed_text=suppressed,
        )
    return InsightCharts(
        activity=bar_chart(
            chart_id="activity",
            title=t("admin.insights.activity_title"),
            description=t("admin.insights.activity_desc"),
            bars=activity_bars,
            suppressed_text=suppressed,
        ),
        ratings=ratings_chart,
        matrix=matrix,
        ratings_suppressed=bool(ratings.get("suppressed")),
        min_group_size=int(insights.get("min_group_size") or 0),
    )
