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
from services.matching.application.pairs import (
    PairLifecycle,
    pair_created_event,
    replaced_pairs,
)
from services.matching.application.policy import program_policy, program_settings
from services.matching.application.ports import MatchingRepository
from services.matching.domain import MatchingResult, Pair, run_matching
from services.matching.domain.errors import RoundInProgress, UnknownEntity
from shared.clock import Clock
from shared.events import MatchingRoundCompleted, ParticipantProfile, derive_id, derive_key
from shared.events.factory import from_command
from shared.observability.metrics import ServiceMetrics
from shared.storage.mongo import Document

LEASE_TTL = timedelta(minutes=10)
# People nobody can be matched with keep "waiting": don't re-solve for them every check.
AUTO_COOLDOWN = timedelta(minutes=15)
AUTO_SETTLE_SECONDS = 0.02
"""After a join wakes the automatic rounds, the pause that lets the rest of its batch land."""


def pair_id_for(program_id: str, junior_id: str, senior_id: str) -> str:
    """Two people are paired at most once per program, so this id is stable across replays."""
    return "pr-" + derive_key(program_id, f"pair|{junior_id}|{senior_id}")


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
        m = self.metrics
        self._duration = m.histogram(
            "round_duration_seconds", "Matching round wall time", ["program"]
        )
        self._rounds = m.counter(
            "rounds_total", "Matching rounds by outcome", ["program", "outcome"]
        )
        self._match_rate = m.gauge(
            "match_rate", "Share of seniors matched after the last round", ["program", "region"]
        )
        self._mean_score = m.gauge(
            "mean_pair_score", "Mean score of the last round's new pairs", ["program", "region"]
        )
        self._gap = m.gauge(
            "gap_to_bound", "Relative gap of the last round to its upper bound", ["program"]
        )
        self._graph = m.gauge(
            "candidate_graph_pairs", "Candidate pairs in the last round", ["program"]
        )
        self._last_ok = m.gauge(
            "last_round_success_timestamp_seconds",
            "Unix time of the last successful published round",
            ["program"],
        )
        self._participants = m.gauge(
            "participants", "Participants by status", ["program", "region", "status"]
        )

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
            self._rounds.labels(program_id, "failed").inc()
            raise
        finally:
            await self.store.leases.release(lease, self.instance_id)
        self._duration.labels(program_id).observe(time.perf_counter() - started)
        self._rounds.labels(program_id, "dry_run" if dry_run else "published").inc()
        return result_doc

    async def _run_locked(self, program: Document, dry_run: bool, correlation_id: UUID) -> Document:
        program_id = program["_id"]
        settings = program_settings(program)
        policy = program_policy(program)
        people = await self.store.active_participants(program_id)
        live = await self.store.pairs_of_program(program_id, ["proposed", "active"])
        gone = await self.store.pairs_of_program(program_id, ["ended", "rejected"])
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
        reference = max(settings.start_date, self.clock.now().date())
        started = time.perf_counter()
        # The solver is CPU-bound: keep the event loop (HTTP, consumers) responsive meanwhile.
        result: MatchingResult = await asyncio.to_thread(
            run_matching,
            participants,
            to_domain_policy(policy, session_minutes=settings.session_minutes),
            reference_week=reference,
            frozen_pairs=frozen,
            forbidden_pairs=forbidden,
        )
        number = 0 if dry_run else await self.store.next_round_number(program_id)
        round_id = (
            str(derive_id(program_id, f"round|{number}"))
            if not dry_run
            else str(derive_id(correlation_id, "dry-run"))
        )
        awaiting = settings.approval_mode == "admin"
        status = "dry_run" if dry_run else ("proposed" if awaiting else "published")
        pair_docs = [
            {
                "_id": pair_id_for(program_id, p.junior_id, p.senior_id),
                "program_id": program_id,
                "junior_id": p.junior_id,
                "senior_id": p.senior_id,
                "score": p.score,
                "reasons": [
                    {"code": r.code, "text": r.text, "points": r.points} for r in p.reasons
                ],
                "round_id": round_id,
                "status": "proposed" if (awaiting or dry_run) else "active",
                "created_at": self.clock.now(),
            }
            for p in result.pairs
        ]
        known = {d["_id"] for d in live}
        fresh = [(d["junior_id"], d["senior_id"]) for d in pair_docs if d["_id"] not in known]
        replacing = replaced_pairs(fresh, live, gone)
        for doc in pair_docs:
            replaces = replacing.get((doc["junior_id"], doc["senior_id"]))
            if doc["_id"] not in known and replaces is not None:
                doc["replaces_pair_id"] = replaces
        report = report_to_dict(result.report)
        report["timings_seconds"]["total"] = round(time.perf_counter() - started, 4)
        round_doc: Document = {
            "_id": round_id,
            "program_id": program_id,
            "dry_run": dry_run,
            "status": status,
            "round_number": number,
            "created_at": self.clock.now(),
            "report": report,
            "pair_ids": [d["_id"] for d in pair_docs],
            "unmatched": [
                {
                    "participant_id": u.participant_id,
                    "role": str(u.role),
                    "reason": u.reason,
                    "detail": u.detail,
                }
                for u in result.unmatched
            ],
            "policy_version": program["policy_version"],
        }
        if dry_run:
            round_doc["pairs"] = pair_docs
            return round_doc
        # Record the round first; then the pairs with their events; then the summary event.
        await self.store.save_round(round_doc)
        events = (
            {}
            if awaiting
            else {
                d["_id"]: pair_created_event(d, now=self.clock.now(), correlation_id=correlation_id)
                for d in pair_docs
            }
        )
        await self.store.insert_pairs(pair_docs, events)
        if not awaiting:
            self.pairs.count_created(program_id, len(pair_docs))
        summary = self._summary(
            program_id, round_id, result, report, awaiting, len(pair_docs), correlation_id
        )
        await self.store.save_round(round_doc, [summary])
        self._observe(program_id, settings.region, result)
        await self.refresh_participant_gauge(program_id, settings.region)
        return round_doc

    def _summary(
        self,
        program_id: str,
        round_id: str,
        result: MatchingResult,
        report: dict[str, Any],
        awaiting: bool,
        created: int,
        correlation_id: UUID,
    ) -> MatchingRoundCompleted:
        r = result.report
        return from_command(
            round_id,
            MatchingRoundCompleted,
            "round-completed",
            now=self.clock.now(),
            program_id=program_id,
            correlation_id=correlation_id,
            round_id=UUID(round_id),
            pairs_proposed=created,
            pairs_created=0 if awaiting else created,
            unmatched_juniors=r.juniors - r.juniors_matched,
            unmatched_seniors=r.seniors - r.seniors_matched,
            match_rate=min(1.0, max(0.0, r.senior_match_rate)),
            mean_score=r.mean_score,
            lowest_score=r.lowest_score,
            gap_to_bound=max(0.0, r.gap_to_upper_bound),
            duration_seconds=float(report["timings_seconds"]["total"]),
            awaiting_approval=awaiting,
        )

    def _observe(self, program_id: str, region: str, result: MatchingResult) -> None:
        r = result.report
        self._match_rate.labels(program_id, region).set(r.senior_match_rate)
        self._mean_score.labels(program_id, region).set(r.mean_score)
        self._gap.labels(program_id).set(r.gap_to_upper_bound)
        self._graph.labels(program_id).set(r.candidate_graph.pairs)
        self._last_ok.labels(program_id).set(time.time())

    async def refresh_participant_gauge(self, program_id: str, region: str) -> None:
        for status, n in (await self.store.count_participants(program_id)).items():
            self._participants.labels(program_id, region, status).set(n)

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
