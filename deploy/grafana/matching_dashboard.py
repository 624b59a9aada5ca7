# ruff: noqa: E501  (PromQL reads best on one line per query)
"""Twoway / Matching engine: round duration, candidate graph size, gap to bound, quality."""

from __future__ import annotations

from deploy.grafana.model import Dashboard, Panel, Row, q
from deploy.grafana.variables import PRG, PROGRAM, REGION


def matching() -> Dashboard:
    rounds = Row(
        "Rounds",
        (
            Panel(
                "Round duration p50 / p95",
                (
                    q(
                        f"histogram_quantile(0.5, sum by (program, le) (rate(twoway_matching_round_duration_seconds_bucket{{{PRG}}}[1h])))",
                        "p50 {{program}}",
                    ),
                    q(
                        f"histogram_quantile(0.95, sum by (program, le) (rate(twoway_matching_round_duration_seconds_bucket{{{PRG}}}[1h])))",
                        "p95 {{program}}",
                    ),
                ),
                unit="s",
                width=8,
            ),
            Panel(
                "Rounds per hour, by outcome",
                (
                    q(
                        f"sum by (program, outcome) (increase(twoway_matching_rounds_total{{{PRG}}}[1h]))",
                        "{{program}} {{outcome}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Time since the last successful round",
                (
                    q(
                        f"time() - max by (program) (twoway_matching_last_round_success_timestamp_seconds{{{PRG}}})",
                        "{{program}}",
                    ),
                ),
                unit="s",
                kind="stat",
                width=8,
            ),
        ),
    )
    quality = Row(
        "Solver",
        (
            Panel(
                "Candidate graph size (pairs considered)",
                (
                    q(
                        f"max by (program) (twoway_matching_candidate_graph_pairs{{{PRG}}})",
                        "{{program}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Gap to the upper bound",
                (q(f"max by (program) (twoway_matching_gap_to_bound{{{PRG}}})", "{{program}}"),),
                unit="percentunit",
                width=8,
                description="Relative gap between the round's total score and its upper bound: 0 means provably optimal.",
            ),
            Panel(
                "Match rate and mean pair score",
                (
                    q(
                        f'max by (program) (twoway_matching_match_rate{{{PRG}, region=~"$region"}})',
                        "match rate {{program}}",
                    ),
                    q(
                        f'max by (program) (twoway_matching_mean_pair_score{{{PRG}, region=~"$region"}})',
                        "mean score {{program}}",
                    ),
                ),
                decimals=3,
                width=8,
            ),
        ),
    )
    return Dashboard(
        uid="twoway-matching",
        title="Twoway / Matching engine",
        description="Matching rounds: duration, candidate graph size, gap to bound, quality.",
        tags=("twoway", "matching"),
        variables=(REGION, PROGRAM),
        rows=(rounds, quality),
    )
