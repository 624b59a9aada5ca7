"""Matching rounds: one writer per program, incremental, deterministic, with a dry run."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from services.matching.application.mapping import (
    report_to_dict,
    to_domain_participant,
    to_domain_policy,
)
from services.matching.application.pairs import PairLifecycle, pair_created_event
from services.matching.application.policy import program_policy, program_settings
from services.matching.application.ports import MatchingRepository
from services.matching.application.round_metrics import RoundMetrics
from services.matching.application.round_records import (
    RoundFacts,
    pair_documents,
    round_document,
    round_summary,
)
from services.matching.domain import MatchingResult, Pair, Participant, run_matching
from services.matching.domain.errors import RoundInProgress, UnknownEntity
from shared.clock import Clock
from shared.events import ParticipantProfile, derive_id
from shared.observability.metrics import ServiceMetrics
from shared.storage.mongo import Document

LEASE_TTL = timedelta(minutes=10)
# People nobody can be matched with keep "waiting": don't re-solve for them every check.
AUTO_COOLDOWN = timedelta(minutes=15)
AUTO_SETTLE_SECONDS = 0.02
"""After a join wakes the automatic rounds, the pause that lets the rest of its batch land."""


@dataclass
class RoundRunner:
    store: MatchingRepository
    clock: Clock
    metrics: ServiceMetrics
    pairs: PairLifecycle
    instance_id: str

    def __post_init__(self) -> None:
        self._changed: set[str] = set()
        self._wake = asyncio.Event()
        self._metrics = RoundMetrics(self.metrics)

    async def run(
        self,
        program_id: str,
        *,
        dry_run: bool,
        correlation_id: UUID,
        program: Document | None = None,
    ) -> Document:
        """`program`: its document, when the caller has just read it."""
        program = program or await self.store.get_program(program_id)
        if program is None:
            raise UnknownEntity("program")
        lease = f"round:{program_id}"
        if not await self.store.leases.acquire(
            lease, self.instance_id, now=self.clock.now(), ttl=LEASE_TTL
        ):
            raise RoundInProgress()
        started = time.perf_counter()
        try:
            result_doc = await self._run_locked(program, dry_run, correlation_id)
        except Exception:
            self._metrics.rounds.labels(program_id, "failed").inc()
            raise
        finally:
            await self.store.leases.release(lease, self.instance_id)
        self._metrics.duration.labels(program_id).observe(time.perf_counter() - started)
        self._metrics.rounds.labels(program_id, "dry_run" if dry_run else "published").inc()
        return result_doc

    async def _run_locked(self, program: Document, dry_run: bool, correlation_id: UUID) -> Document:
        program_id = program["_id"]
        settings = program_settings(program)
        live = await self.store.pairs_of_program(program_id, ["proposed", "active"])
        gone = await self.store.pairs_of_program(program_id, ["ended", "rejected"])
        participants, frozen, forbidden = await self._people(program_id, live, gone)
        started = time.perf_counter()
        # The solver is CPU-bound: keep the event loop (HTTP, consumers) responsive meanwhile.
        result: MatchingResult = await asyncio.to_thread(
            run_matching,
            participants,
            to_domain_policy(program_policy(program), session_minutes=settings.session_minutes),
            reference_week=max(settings.start_date, self.clock.now().date()),
            frozen_pairs=frozen,
            forbidden_pairs=forbidden,
        )
        number = 0 if dry_run else await self.store.next_round_number(program_id)
        facts = RoundFacts(
            program_id=program_id,
            round_id=(
                str(derive_id(program_id, f"round|{number}"))
                if not dry_run
                else str(derive_id(correlation_id, "dry-run"))
            ),
            number=number,
            dry_run=dry_run,
            awaiting=settings.approval_mode == "admin",
            now=self.clock.now(),
        )
        pair_docs = pair_documents(facts, result, live, gone)
        report = report_to_dict(result.report)
        report["timings_seconds"]["total"] = round(time.perf_counter() - started, 4)
        round_doc = round_document(facts, result, report, pair_docs, program["policy_version"])
        if dry_run:
            round_doc["pairs"] = pair_docs
            return round_doc
        await self._publish(facts, result, report, round_doc, pair_docs, correlation_id)
        self._metrics.published(program_id, settings.region, result)
        await self.refresh_participant_gauge(program_id, settings.region)
        return round_doc

    async def _people(
        self, program_id: str, live: list[Document], gone: list[Document]
    ) -> tuple[list[Participant], list[Pair], list[Pair]]:
        """The program's active people for the engine, the live pairs among them (kept) and
        their ended ones (never made again)."""
        people = await self.store.active_participants(program_id)
        participants = [
            to_domain_participant(ParticipantProfile.model_validate(p["profile"]), program_id)
            for p in people
        ]
        active_ids = {p.participant_id for p in participants}
        frozen = [
            Pair(p["junior_id"], p["senior_id"])
            for p in live
            if p["junior_id"] in active_ids and p["senior_id"] in active_ids
        ]
        # Only pairs of people still here constrain the round: an ended pair of someone who
        # withdrew or was erased names a person the solver no longer knows.
        forbidden = [
            Pair(p["junior_id"], p["senior_id"])
            for p in gone
            if p["junior_id"] in active_ids and p["senior_id"] in active_ids
        ]
        return participants, frozen, forbidden

    async def _publish(
        self,
        facts: RoundFacts,
        result: MatchingResult,
        report: dict[str, Any],
        round_doc: Document,
        pair_docs: list[Document],
        correlation_id: UUID,
    ) -> None:
        """Record the round first; then the pairs with their events; then the summary event."""
        await self.store.save_round(round_doc)
        events = (
            {}
            if facts.awaiting
            else {
                d["_id"]: pair_created_event(d, now=self.clock.now(), correlation_id=correlation_id)
                for d in pair_docs
            }
        )
        await self.store.insert_pairs(pair_docs, events)
        if not facts.awaiting:
            self.pairs.count_created(facts.program_id, len(pair_docs))
        summary = round_summary(
            facts, result, report, len(pair_docs), correlation_id, now=self.clock.now()
        )
        await self.store.save_round(round_doc, [summary])

    async def refresh_participant_gauge(self, program_id: str, region: str) -> None:
        counts = await self.store.count_participants(program_id)
        self._metrics.participants(program_id, region, counts)

    def participant_changed(self, program_id: str) -> None:
        """Someone joined or changed in this program: look at it at once."""
        self._changed.add(program_id)
        self._wake.set()

    async def next_change(self) -> None:
        """Wait until someone joins, then a moment more, so the rest of a batch lands."""
        await self._wake.wait()
        await asyncio.sleep(AUTO_SETTLE_SECONDS)
        self._wake.clear()

    async def changed_rounds(self) -> None:
        """Automatic rounds of the programs where someone joined since the last look: a
        cohort is matched as soon as its last senior is in."""
        changed, self._changed = self._changed, set()
        try:
            for program in await self.store.list_programs(changed) if changed else []:
                await self._consider(program)
        except Exception:
            self._changed |= changed  # looked at again on the next pass
            self._wake.set()
            raise

    async def auto_rounds(self) -> None:
        """Look at every program: end the pairs of programs that are over, run the rounds
        their policies ask for (on an interval, or when enough seniors wait, including joins
        another instance consumed and programs whose cooldown is over). It runs apart from
        `changed_rounds`, so a long look at many programs never delays a cohort's round."""
        programs = await self.store.list_programs()
        await self.pairs.end_finished_programs(programs)
        for program in programs:
            await self._consider(program)

    async def _consider(self, program: Document) -> None:
        program_id = program["_id"]
        policy = program_policy(program)
        count = bool(policy.auto_round_min_waiting)
        if not (count or policy.auto_round_interval_hours) or self.pairs.has_ended(program):
            return
        last = await self.store.last_round(program_id)
        since = None if last is None else self.clock.now() - last["created_at"]
        due = bool(policy.auto_round_interval_hours) and (
            since is None or since >= timedelta(hours=policy.auto_round_interval_hours)
        )
        # After a round, the seniors nobody could take still wait: leave them be for a while.
        if not due and count and (since is None or since >= AUTO_COOLDOWN):
            waiting = await self.store.count_waiting_seniors(program_id)
            due = waiting >= policy.auto_round_min_waiting
        if due:
            with contextlib.suppress(RoundInProgress):  # another instance or loop holds the lease
                await self.run(
                    program_id,
                    dry_run=False,
                    correlation_id=derive_id(program_id, f"auto|{time.time()}"),
                    program=program,
                )
