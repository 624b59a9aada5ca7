"""Matching's use cases against hand-written fakes of their ports: the decisions the service
makes (who joins, who may change, when a pair at risk ends) without a database or a broker."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ERASED, ParticipantCommands
from services.matching.application.policy import PolicyIn
from services.matching.application.programs import ProgramCommands
from services.matching.domain.errors import MatchingRefused, UnknownEntity
from services.matching.entrypoints.http_errors import http_error
from shared.clock import FixedClock
from shared.events import PairAtRisk, PairEnded, ParticipantJoined
from shared.observability.metrics import ServiceMetrics
from tests.unit.matching.fakes import FakeMatchingStore
from tests.unit.shared.sample_events import PROFILE, SETTINGS, sample

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PROGRAM = "emea-2026"
CORRELATION = UUID("00000000-0000-4000-8000-0000000000c1")


class World:
    def __init__(self) -> None:
        self.store = FakeMatchingStore()
        clock = FixedClock(NOW)
        self.pairs = PairLifecycle(self.store, clock, ServiceMetrics("matching"))
        self.programs = ProgramCommands(self.store, clock)
        self.participants = ParticipantCommands(self.store, clock, self.pairs)

    async def launch(self, *, rematch_on_risk: bool = True) -> None:
        policy = PolicyIn(rematch_on_risk=rematch_on_risk)
        await self.programs.launch(PROGRAM, SETTINGS, policy, CORRELATION)

    def live_pair(self) -> None:
        self.store.pairs["pair-1"] = {
            "_id": "pair-1",
            "program_id": PROGRAM,
            "junior_id": "p-001",
            "senior_id": "p-002",
            "status": "active",
            "round_id": str(CORRELATION),
            "created_at": NOW,
        }

    def ended(self) -> list[PairEnded]:
        return [e for e in self.store.published if isinstance(e, PairEnded)]


def at_risk() -> PairAtRisk:
    event = sample("PairAtRisk")
    assert isinstance(event, PairAtRisk)
    return event


async def test_a_pair_at_risk_ends_when_the_program_rematches() -> None:
    world = World()
    await world.launch(rematch_on_risk=True)
    world.live_pair()
    await world.pairs.on_pair_at_risk(at_risk())
    [ended] = world.ended()
    assert ended.reason == "at_risk"
    assert ended.causation_id == at_risk().event_id
    assert world.store.pairs["pair-1"]["status"] == "ended"


async def test_a_pair_at_risk_stays_together_when_the_policy_says_so() -> None:
    world = World()
    await world.launch(rematch_on_risk=False)
    world.live_pair()
    await world.pairs.on_pair_at_risk(at_risk())
    assert world.ended() == []
    assert world.store.pairs["pair-1"]["status"] == "active"


async def test_the_same_join_twice_is_unchanged_and_other_data_is_rejected() -> None:
    world = World()
    await world.launch()
    [first] = await world.participants.join_many(PROGRAM, [PROFILE], CORRELATION)
    [again] = await world.participants.join_many(PROGRAM, [PROFILE], CORRELATION)
    other = PROFILE.model_copy(update={"department": "Sales"})
    [changed] = await world.participants.join_many(PROGRAM, [other], CORRELATION)
    assert (first.status, again.status, changed.status) == ("joined", "unchanged", "rejected")
    assert len([e for e in world.store.published if isinstance(e, ParticipantJoined)]) == 1


async def test_an_erased_participant_is_refused_as_a_conflict_everywhere() -> None:
    world = World()
    await world.launch()
    await world.participants.join_many(PROGRAM, [PROFILE], CORRELATION)
    await world.participants.erase(PROGRAM, PROFILE.participant_id, CORRELATION)
    with pytest.raises(MatchingRefused) as refused:
        await world.participants.update(PROGRAM, PROFILE, CORRELATION)
    assert (refused.value.code, refused.value.conflict) == ("participant_erased", True)
    [rejoin] = await world.participants.join_many(PROGRAM, [PROFILE], CORRELATION)
    assert rejoin.problems == [ERASED]
    assert "profile" not in world.store.participants[f"{PROGRAM}|{PROFILE.participant_id}"]


async def test_ending_a_pair_twice_is_refused_and_an_unknown_pair_is_not_found() -> None:
    world = World()
    await world.launch()
    world.live_pair()
    await world.pairs.end(PROGRAM, "pair-1", "admin", CORRELATION)
    with pytest.raises(MatchingRefused) as refused:
        await world.pairs.end(PROGRAM, "pair-1", "admin", CORRELATION)
    assert refused.value.code == "pair_not_active"
    with pytest.raises(UnknownEntity):
        await world.pairs.end(PROGRAM, "pair-404", "admin", CORRELATION)


async def test_a_program_launched_twice_with_other_settings_is_refused() -> None:
    world = World()
    await world.launch()
    await world.launch()  # the same launch again: nothing to do
    with pytest.raises(MatchingRefused) as refused:
        await world.launch(rematch_on_risk=False)
    assert refused.value.code == "program_exists"


def test_refusals_answer_with_the_status_their_kind_calls_for() -> None:
    missing = http_error(UnknownEntity("pair"))
    assert (missing.status, missing.code, missing.message) == (404, "not_found", "pair not found")
    assert http_error(MatchingRefused("pair_not_active", "ended")).status == 409
    assert http_error(MatchingRefused("bad", "no", conflict=False)).status == 422
