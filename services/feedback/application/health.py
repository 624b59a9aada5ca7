"""Re-assessing a pair's health after each signal, and announcing changes of state."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from services.feedback.application.mapping import fallback_correlation, health_event
from services.feedback.application.ports import (
    FeedbackObserver,
    PairStore,
    ProgramStore,
    RequestStore,
    SessionStore,
)
from services.feedback.domain.health import (
    DEFAULT_RULES,
    AskedRequest,
    HealthRules,
    HealthSignals,
    RatedAnswer,
    Transition,
    assess,
    next_state,
)
from services.feedback.domain.model import ProgramPolicy
from services.feedback.domain.pairs import Pair, PairHealth
from shared.clock import Clock

log = logging.getLogger("twoway.feedback.health")

_ATTEMPTS = 8


class ConcurrentHealthUpdate(RuntimeError):
    """Other writers kept changing the pair; the message is retried by the consumer."""


@dataclass(frozen=True, slots=True)
class HealthSchedule:
    recheck_every: timedelta = timedelta(hours=24)


class PairHealthMonitor:
    def __init__(
        self,
        *,
        pairs: PairStore,
        sessions: SessionStore,
        requests: RequestStore,
        programs: ProgramStore,
        observer: FeedbackObserver,
        clock: Clock,
        schedule: HealthSchedule = HealthSchedule(),
        rules: HealthRules = DEFAULT_RULES,
    ) -> None:
        self._pairs = pairs
        self._sessions = sessions
        self._requests = requests
        self._programs = programs
        self._observer = observer
        self._clock = clock
        self._schedule = schedule
        self._rules = rules

    def next_check(self, now: datetime) -> datetime:
        return now + self._schedule.recheck_every

    async def signals(self, pair: Pair) -> HealthSignals:
        window = self._rules.window_sessions
        sessions = await self._sessions.recent_decided(pair.pair_id, window)
        requests = await self._requests.of_pair(pair.pair_id, 2 * window)
        return HealthSignals(
            paired_at=pair.paired_at,
            last_session_at=pair.last_session_at,
            sessions=tuple(s.outcome() for s in sessions),
            answers=tuple(
                RatedAnswer(r.session_start, r.role, r.answer.ratings, r.answer.would_continue)
                for r in requests
                if r.answer is not None
            ),
            requests=tuple(
                AskedRequest(r.due_at, r.answered) for r in requests if r.status != "withdrawn"
            ),
        )

    async def evaluate(self, pair_id: str, *, cause: UUID | None = None) -> Transition | None:
        """Assess the pair now; write the result, and the event of a change, in one update."""
        for _ in range(_ATTEMPTS):
            pair = await self._pairs.get(pair_id)
            if pair is None or pair.status != "active":
                return None
            policy = await self._programs.policy(pair.program_id) or ProgramPolicy(pair.program_id)
            now = self._clock.now()
            assessment = assess(
                await self.signals(pair),
                now=now,
                cadence_days=policy.cadence_days,
                rules=self._rules,
            )
            state, transition = next_state(
                pair.health.state,
                assessment,
                threshold=policy.health_threshold,
                rules=self._rules,
            )
            health = PairHealth(
                state=state,
                score=assessment.score,
                reasons=assessment.concerns,
                components=tuple(sorted(assessment.components.items())),
                evaluated_at=now,
            )
            events = []
            if transition is not None:
                correlation = await self._pairs.correlation_of(pair_id)
                events.append(
                    health_event(
                        pair,
                        transition,
                        now=now,
                        correlation_id=(
                            UUID(correlation) if correlation else fallback_correlation(pair_id)
                        ),
                        causation_id=cause,
                    )
                )
            saved = await self._pairs.save_health(
                pair, health, events, next_check=self.next_check(now)
            )
            if saved:
                if transition is not None:
                    self._observer.health_changed(pair.program_id, transition.kind)
                    log.info(
                        "pair health changed",
                        extra={
                            "pair_id": pair_id,
                            "program_id": pair.program_id,
                            "transition": transition.kind,
                            "episode": transition.episode,
                        },
                    )
                return transition
        raise ConcurrentHealthUpdate(f"pair {pair_id} kept changing during assessment")
