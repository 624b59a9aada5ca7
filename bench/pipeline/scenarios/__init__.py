"""Per service: what to feed it, what it must produce, and how inputs map to outputs; one
module per service's scenario, the shared base in `base`."""

from __future__ import annotations

from bench.pipeline.scenarios.base import PROGRAM, Outputs, Scenario, program_of
from bench.pipeline.scenarios.feedback import FeedbackScenario
from bench.pipeline.scenarios.matching import MatchingScenario
from bench.pipeline.scenarios.notifications import NotificationsScenario
from bench.pipeline.scenarios.scheduling import SchedulingScenario

__all__ = [
    "PROGRAM",
    "SCENARIOS",
    "FeedbackScenario",
    "MatchingScenario",
    "NotificationsScenario",
    "Outputs",
    "Scenario",
    "SchedulingScenario",
    "program_of",
]

SCENARIOS: dict[str, Scenario] = {
    s.service: s
    for s in (MatchingScenario(), SchedulingScenario(), FeedbackScenario(), NotificationsScenario())
}
