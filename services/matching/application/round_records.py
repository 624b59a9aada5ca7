"""What a round writes down: its pairs, its record with the report, and its summary event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.matching.application.pairs import replaced_pairs
from services.matching.domain import MatchingResult
from shared.events import MatchingRoundCompleted, derive_key
from shared.events.factory import from_command
from shared.storage.mongo import Document


def pair_id_for(program_id: str, junior_id: str, senior_id: str) -> str:
    """Two people are paired at most once per program, so this id is stable across replays."""
    return "pr-" + derive_key(program_id, f"pair|{junior_id}|{senior_id}")


@dataclass(frozen=True)
class RoundFacts:
    """One round of one program, as the runner decided it."""

    program_id: str
    round_id: str
    number: int
    dry_run: bool
    awaiting: bool
    """Its pairs wait for an admin's approval (the program's approval mode is `admin`)."""
    now: datetime

    @property
    def status(self) -> str:
        if self.dry_run:
            return "dry_run"
        return "proposed" if self.awaiting else "published"


def pair_documents(
    facts: RoundFacts, result: MatchingResult, live: list[Document], gone: list[Document]
) -> list[Document]:
    """The round's pairs; a new pair of someone whose pair ended says which one it replaces."""
    docs: list[Document] = [
        {
            "_id": pair_id_for(facts.program_id, p.junior_id, p.senior_id),
            "program_id": facts.program_id,
            "junior_id": p.junior_id,
            "senior_id": p.senior_id,
            "score": p.score,
            "reasons": [{"code": r.code, "text": r.text, "points": r.points} for r in p.reasons],
            "round_id": facts.round_id,
            "status": "proposed" if (facts.awaiting or facts.dry_run) else "active",
            "created_at": facts.now,
        }
        for p in result.pairs
    ]
    known = {d["_id"] for d in live}
    fresh = [(d["junior_id"], d["senior_id"]) for d in docs if d["_id"] not in known]
    replacing = replaced_pairs(fresh, live, gone)
    for doc in docs:
        replaces = replacing.get((doc["junior_id"], doc["senior_id"]))
        if doc["_id"] not in known and replaces is not None:
            doc["replaces_pair_id"] = replaces
    return docs


def round_document(
    facts: RoundFacts,
    result: MatchingResult,
    report: dict[str, Any],
    pair_docs: list[Document],
    policy_version: Any,
) -> Document:
    return {
        "_id": facts.round_id,
        "program_id": facts.program_id,
        "dry_run": facts.dry_run,
        "status": facts.status,
        "round_number": facts.number,
        "created_at": facts.now,
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
        "policy_version": policy_version,
    }


def round_summary(
    facts: RoundFacts,
    result: MatchingResult,
    report: dict[str, Any],
    created: int,
    correlation_id: UUID,
    *,
    now: datetime,
) -> MatchingRoundCompleted:
    r = result.report
    return from_command(
        facts.round_id,
        MatchingRoundCompleted,
        "round-completed",
        now=now,
        program_id=facts.program_id,
        correlation_id=correlation_id,
        round_id=UUID(facts.round_id),
        pairs_proposed=created,
        pairs_created=0 if facts.awaiting else created,
        unmatched_juniors=r.juniors - r.juniors_matched,
        unmatched_seniors=r.seniors - r.seniors_matched,
        match_rate=min(1.0, max(0.0, r.senior_match_rate)),
        mean_score=r.mean_score,
        lowest_score=r.lowest_score,
        gap_to_bound=max(0.0, r.gap_to_upper_bound),
        duration_seconds=float(report["timings_seconds"]["total"]),
        awaiting_approval=facts.awaiting,
    )
