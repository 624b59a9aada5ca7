"""A matching round as the console reviews it: the quality figures and the pairs with their
reasons, from the matching API's round (`report`, `pairs`, `unmatched`)."""

from __future__ import annotations

from collections.abc import Mapping
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


def review_of(round_view: Mapping[str, Any]) -> RoundReview:
    pairs = sorted(
        (dict(p) for p in round_view.get("pairs", [])),
        key=lambda p: (-float(p.get("score", 0)), str(p.get("pair_id"))),
    )
    for pair in pairs:
        pair["reasons"] = sorted(
            pair.get("reasons", []), key=lambda r: -abs(float(r.get("points", 0)))
        )
    return RoundReview(
        round_id=str(round_view.get("round_id")),
        program_id=str(round_view.get("program_id")),
        status=str(round_view.get("status")),
        dry_run=bool(round_view.get("dry_run")),
        quality=quality_of(round_view.get("report") or {}),
        pairs=pairs,
        unmatched=list(round_view.get("unmatched", [])),
    )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def points(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
