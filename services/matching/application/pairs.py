"""Pair lifecycle after a round: approval, ending, and the rematch path from PairAtRisk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from services.matching.application.policy import program_policy
from services.matching.application.ports import ProgramsAndPairs
from services.matching.domain.errors import MatchingRefused, UnknownEntity
from shared.clock import Clock
from shared.events import Event, MatchReason, PairAtRisk, PairCreated, PairEnded, ProgramSettings
from shared.events.factory import caused_by, from_command
from shared.events.ids import derive_id
from shared.events.pairs import PairEndReason
from shared.observability.metrics import ServiceMetrics
from shared.storage.mongo import Document

LIVE = ("proposed", "active")


def pair_created_event(pair: Document, *, now: Any, correlation_id: UUID) -> PairCreated:
    return from_command(
        pair["_id"],
        PairCreated,
        "pair-created",
        now=now,
        program_id=pair["program_id"],
        correlation_id=correlation_id,
        pair_id=pair["_id"],
        junior_id=pair["junior_id"],
        senior_id=pair["senior_id"],
        score=pair["score"],
        reasons=[MatchReason(**r) for r in pair["reasons"][:50]],
        round_id=UUID(pair["round_id"]),
        replaces_pair_id=pair.get("replaces_pair_id"),
    )


def replaced_pairs(
    new_pairs: Sequence[tuple[str, str]], live: Sequence[Document], gone: Sequence[Document]
) -> dict[tuple[str, str], str]:
    """Which ended pair each new (junior, senior) pair replaces, if any.

    A pair replaces the most recently ended pair of either of its people that was not
    followed by another pair of that person: it is the rematch of the pair that ended.
    """
    latest_start: dict[str, Any] = {}
    for pair in (*live, *gone):
        for person in (pair["junior_id"], pair["senior_id"]):
            if person not in latest_start or pair["created_at"] > latest_start[person]:
                latest_start[person] = pair["created_at"]
    open_ends: dict[str, Document] = {}
    for pair in gone:
        if pair.get("status") != "ended" or pair.get("ended_at") is None:
            continue
        for person in (pair["junior_id"], pair["senior_id"]):
            if latest_start[person] > pair["created_at"]:
                continue  # someone else was paired with them after this pair began
            known = open_ends.get(person)
            if known is None or pair["ended_at"] > known["ended_at"]:
                open_ends[person] = pair
    replaced: dict[tuple[str, str], str] = {}
    for junior, senior in new_pairs:
        ended = [open_ends[p] for p in (junior, senior) if p in open_ends]
        if ended:
            replaced[(junior, senior)] = max(ended, key=lambda d: d["ended_at"])["_id"]
    return replaced


@dataclass
class PairLifecycle:
    store: ProgramsAndPairs
    clock: Clock
    metrics: ServiceMetrics

    def __post_init__(self) -> None:
        self._ended = self.metrics.counter(
            "pairs_ended_total", "Pairs ended, by reason", ["program", "reason"]
        )
        self._created = self.metrics.counter(
            "pairs_created_total", "Pairs that went live (PairCreated)", ["program"]
        )
        self._closed: dict[str, date] = {}
        """Programs whose pairs were ended at their end date (by that end date)."""

    def count_created(self, program_id: str, n: int) -> None:
        self._created.labels(program_id).inc(n)

    async def _end(
        self, pair: Document, reason: PairEndReason, event: Event | None, correlation_id: UUID
    ) -> bool:
        ended = event or from_command(
            pair["_id"],
            PairEnded,
            "pair-ended",
            now=self.clock.now(),
            program_id=pair["program_id"],
            correlation_id=correlation_id,
            pair_id=pair["_id"],
            junior_id=pair["junior_id"],
            senior_id=pair["senior_id"],
            reason=reason,
        )
        # A proposal that never went live is rejected quietly: nobody was told about it.
        if pair["status"] == "proposed":
            return await self.store.change_pair_status(
                pair["_id"], ["proposed"], {"status": "rejected", "ended_reason": reason}, []
            )
        changed = await self.store.change_pair_status(
            pair["_id"],
            ["active"],
            {"status": "ended", "ended_reason": reason, "ended_at": self.clock.now()},
            [ended],
        )
        if changed:
            self._ended.labels(pair["program_id"], reason).inc()
        return changed

    async def end(
        self, program_id: str, pair_id: str, reason: PairEndReason, correlation_id: UUID
    ) -> Document:
        pair = await self.store.get_pair(program_id, pair_id)
        if pair is None:
            raise UnknownEntity("pair")
        if pair["status"] not in LIVE:
            raise MatchingRefused("pair_not_active", f"pair is already {pair['status']}")
        await self._end(pair, reason, None, correlation_id)
        return await self.store.get_pair(program_id, pair_id) or pair

    async def end_all_of(
        self, program_id: str, participant_id: str, reason: PairEndReason, correlation_id: UUID
    ) -> int:
        pairs = await self.store.pairs_of_participant(program_id, participant_id, LIVE)
        for pair in pairs:
            await self._end(pair, reason, None, correlation_id)
        return len(pairs)

    async def end_finished_programs(self, programs: Sequence[Document]) -> int:
        """End the live pairs of programs whose last day is over (in the program's time
        zone), with PairEnded(program_ended); returns how many pairs ended."""
        ended = 0
        for program in programs:
            settings = ProgramSettings.model_validate(program["settings"])
            if not self.has_ended(program) or self._closed.get(program["_id"]) == settings.end_date:
                continue
            correlation_id = derive_id(program["_id"], f"program-ended|{settings.end_date}")
            for pair in await self.store.pairs_of_program(program["_id"], list(LIVE)):
                if await self._end(pair, "program_ended", None, correlation_id):
                    ended += 1
            self._closed[program["_id"]] = settings.end_date
        return ended

    def has_ended(self, program: Document) -> bool:
        settings = ProgramSettings.model_validate(program["settings"])
        return settings.is_over(self.clock.now())

    async def on_pair_at_risk(self, event: PairAtRisk) -> None:
        """Frees both people for the next round, never with each other again, unless the
        program's policy keeps pairs at risk together (`rematch_on_risk` false)."""
        program = await self.store.get_program(event.program_id)
        if program is not None and not program_policy(program).rematch_on_risk:
            return
        pair = await self.store.get_pair(event.program_id, event.pair_id)
        if pair is None or pair["status"] != "active":
            return
        ended = caused_by(
            event,
            PairEnded,
            "pair-ended-at-risk",
            now=self.clock.now(),
            pair_id=pair["_id"],
            junior_id=pair["junior_id"],
            senior_id=pair["senior_id"],
            reason="at_risk",
        )
        await self._end(pair, "at_risk", ended, event.correlation_id)

    async def approve(
        self, program_id: str, round_id: str, pair_ids: list[str] | None, correlation_id: UUID
    ) -> list[Document]:
        proposed = [
            p
            for p in await self.store.pairs_of_program(program_id, ["proposed"])
            if p["round_id"] == round_id and (pair_ids is None or p["_id"] in pair_ids)
        ]
        if pair_ids is not None and len(proposed) != len(set(pair_ids)):
            raise MatchingRefused(
                "not_proposed", "some pairs are not awaiting approval in this round"
            )
        approved = []
        for pair in proposed:
            event = pair_created_event(pair, now=self.clock.now(), correlation_id=correlation_id)
            if await self.store.change_pair_status(
                pair["_id"],
                ["proposed"],
                {"status": "active", "approved_at": self.clock.now()},
                [event],
            ):
                approved.append({**pair, "status": "active"})
        self.count_created(program_id, len(approved))
        return approved
