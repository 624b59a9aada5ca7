"""A pair as the feedback service sees it, and the sessions it held or missed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from services.feedback.domain.health import HealthState, RiskReason, SessionOutcome

PairStatus = Literal["active", "ended"]
SessionStatus = Literal["scheduled", "cancelled", "completed", "missed"]


@dataclass(frozen=True, slots=True)
class PairHealth:
    state: HealthState = field(default_factory=HealthState)
    score: float | None = None
    reasons: tuple[RiskReason, ...] = ()
    components: tuple[tuple[str, float], ...] = ()
    evaluated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    status: PairStatus = "active"
    paired_at: datetime | None = None
    last_session_at: datetime | None = None
    health: PairHealth = field(default_factory=PairHealth)
    version: int = 0

    def role_of(self, participant_id: str) -> Literal["junior", "senior"] | None:
        if participant_id == self.junior_id:
            return "junior"
        if participant_id == self.senior_id:
            return "senior"
        return None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    session_id: str
    pair_id: str
    program_id: str
    start: datetime
    status: SessionStatus
    attended_junior: bool = True
    attended_senior: bool = True

    @property
    def decided(self) -> bool:
        return self.status in ("completed", "missed")

    def outcome(self) -> SessionOutcome:
        if self.status != "completed":
            return SessionOutcome(self.start, 0.0)
        present = int(self.attended_junior) + int(self.attended_senior)
        return SessionOutcome(self.start, present / 2)
