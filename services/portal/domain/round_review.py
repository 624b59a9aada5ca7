"""A matching round as the console reviews it: the quality figures and the pairs with their
reasons, from the matching API's round (`report`, `pairs`, `unmatched`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Quality:
    junior_match_rate: float | None
    senior_match_rate: float | None
    new_pairs: int | None
    kept_pairs: int | None
    mean_score: float | None
    lowest_score: float | None
    gap_to_bound: float | None
    top_k: int | None
    top_k_share: float | None
    unmatched_by_reason: dict[str, int]


@dataclass(frozen=True, slots=True)
class RoundReview:
    round_id: str
    program_id: str
    status: str
    dry_run: bool
    quality: Quality
    pairs: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    pair_count: int = 0
    """Every pair of the round, of which `pairs` may hold one page or none."""
    unmatched_count: int = 0
    proposed_count: int = 0

    @property
    def awaiting_approval(self) -> bool:
        return self.status == "proposed"


def _number(report: Mapping[str, Any], name: str) -> float | None:
    value = report.get(name)
    return float(value) if isinstance(value, int | float) else None


def _count(report: Mapping[str, Any], name: str) -> int | None:
    value = report.get(name)
    return int(value) if isinstance(value, int | float) else None


def quality_of(report: Mapping[str, Any]) -> Quality:
    by_reason = report.get("unmatched_by_reason") or {}
    return Quality(
        junior_match_rate=_number(report, "junior_match_rate"),
        senior_match_rate=_number(report, "senior_match_rate"),
        new_pairs=_count(report, "new_pairs"),
        kept_pairs=_count(report, "kept_pairs"),
        mean_score=_number(report, "mean_score"),
        lowest_score=_number(report, "lowest_score"),
        gap_to_bound=_number(report, "gap_to_upper_bound"),
        top_k=_count(report, "top_k"),
        top_k_share=_number(report, "top_k_share"),
        unmatched_by_reason={str(k): int(v) for k, v in dict(by_reason).items()},
    )


def with_reasons_ranked(pair: Mapping[str, Any]) -> dict[str, Any]:
    """The pair with its weightiest reasons first."""
    ranked = dict(pair)
    ranked["reasons"] = sorted(
        pair.get("reasons", []), key=lambda r: -abs(float(r.get("points", 0)))
    )
    return ranked


def review_of(round_view: Mapping[str, Any]) -> RoundReview:
    """A round answered with all its pairs (a dry run, or a round just run)."""
    pairs = sorted(
        (with_reasons_ranked(p) for p in round_view.get("pairs", [])),
        key=lambda p: (-float(p.get("score", 0)), str(p.get("pair_id"))),
    )
    unmatched = list(round_view.get("unmatched", []))
    return RoundReview(
        round_id=str(round_view.get("round_id")),
        program_id=str(round_view.get("program_id")),
        status=str(round_view.get("status")),
        dry_run=bool(round_view.get("dry_run")),
        quality=quality_of(round_view.get("report") or {}),
        pairs=pairs,
        unmatched=unmatched,
        pair_count=len(pairs),
        unmatched_count=len(unmatched),
        proposed_count=sum(1 for p in pairs if p.get("status") == "proposed"),
    )


def review_of_summary(summary: Mapping[str, Any], page: Sequence[Mapping[str, Any]]) -> RoundReview:
    """A kept round from matching's round summary and one page of its pairs (best first)."""
    by_status = {str(k): int(v) for k, v in dict(summary.get("pairs_by_status") or {}).items()}
    return RoundReview(
        round_id=str(summary.get("round_id")),
        program_id=str(summary.get("program_id")),
        status=str(summary.get("status")),
        dry_run=bool(summary.get("dry_run")),
        quality=quality_of(summary.get("report") or {}),
        pairs=[with_reasons_ranked(p) for p in page],
        unmatched=list(summary.get("unmatched_people", [])),
        pair_count=int(summary.get("pairs") or 0),
        unmatched_count=int(summary.get("unmatched") or 0),
        proposed_count=by_status.get("proposed", 0),
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def points(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
