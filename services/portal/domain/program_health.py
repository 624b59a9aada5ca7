"""A program's health line: participants, matched, sessions, feedback, pairs at risk.

Figures come from two services (matching: people and pairs; feedback: sessions, answers,
risk); a figure whose service did not answer is `None` and shows as unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class HealthLine:
    participants: int | None = None
    matched_pairs: int | None = None
    sessions_held: int | None = None
    sessions_missed: int | None = None
    feedback_rate: float | None = None
    pairs_at_risk: int | None = None
    matching_down: bool = False
    feedback_down: bool = False

    @property
    def feedback_percent(self) -> str | None:
        return None if self.feedback_rate is None else f"{round(self.feedback_rate * 100)}%"


def health_line(
    program: Mapping[str, Any] | None, insights: Mapping[str, Any] | None
) -> HealthLine:
    participants = matched = held = missed = at_risk = None
    rate = None
    if program is not None:
        counts = program.get("participants") or {}
        participants = int(counts.get(ACTIVE, 0)) if isinstance(counts, Mapping) else None
        matched = int(program.get("active_pairs", 0))
    if insights is not None:
        activity = insights.get("activity") or {}
        held = activity.get("sessions_held")
        missed = activity.get("sessions_missed")
        rate = activity.get("feedback_rate")
        at_risk = activity.get("pairs_at_risk")
    return HealthLine(
        participants=participants,
        matched_pairs=matched,
        sessions_held=held,
        sessions_missed=missed,
        feedback_rate=rate,
        pairs_at_risk=at_risk,
        matching_down=program is None,
        feedback_down=insights is None,
    )
