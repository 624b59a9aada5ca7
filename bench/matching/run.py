"""Matching benchmark: `python -m bench.matching.run [--sizes 1000,10000] [--seed 7]`.

Each size runs in its own process so peak memory is that run's own. For every size: wall
time of run_matching, peak resident memory, match rates, mean and lowest pair score, gap to
the upper bound and greedy on the same candidate graph. Up to --exact-limit participants it
checks the total against a dense exact assignment over the candidate graph; up to
--all-pairs-limit it compares with the exact optimum over every allowed pair (what pruning
the candidates cost) and, for programs small enough to be compared exhaustively, with what
the indexes alone would have found.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from typing import Any

from bench.matching.baselines import all_allowed_pairs, dense_optimum, greedy_total
from samples.enterprise import generate_program
from services.matching.domain import Policy, candidates, run_matching
from services.matching.domain.assignment import optimal_assignment
from services.matching.domain.candidates import build_candidate_graph
from services.matching.domain.population import encode_population

WEEK = date(2025, 3, 10)  # the US is on summer time, Europe not yet


def measure(size: int, seed: int, exact_limit: int, all_pairs_limit: int) -> dict[str, Any]:
    people = generate_program(size, seed=seed)
    policy = Policy()
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run_matching(people, policy, reference_week=WEEK)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = result.report
    row: dict[str, Any] = {
        "participants": size,
        "wall_s": round(wall, 2),
        # CPU time shows the engine's own cost when other processes share the cores.
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(peak_mb),
        "rss_before_run_mb": round(baseline_mb),
        "senior_match_rate": round(report.senior_match_rate, 4),
        "junior_match_rate": round(report.junior_match_rate, 4),
        "mean_score": round(report.mean_score, 2),
        "lowest_score": report.lowest_score,
        "total_score": report.total_score,
        "gap_to_bound": round(report.gap_to_upper_bound, 4),
        "top_k_share": round(report.top_k_share, 4),
        "blocking_pairs": report.blocking_pairs,
        "graph_pairs": report.candidate_graph.pairs,
        "pairs_checked": report.candidate_graph.pairs_checked,
        "timings_s": report.timings_seconds,
    }
    population = encode_population(people, policy, WEEK)
    graph = build_candidate_graph(population)
    total = round(report.total_score * 100)
    row["greedy_vs_engine"] = round(greedy_total(graph, population.capacity) / total, 4)
    if size <= exact_limit:
        on_graph = dense_optimum(graph.seniors, graph.juniors, graph.scores, population.capacity)
        row["engine_equals_dense_on_graph"] = on_graph == total
    if size <= all_pairs_limit:
        # The flow solver is exact (checked against the dense assignment above), so it can
        # give the optimum over every allowed pair where a dense matrix would not fit.
        seniors, juniors, scores = all_allowed_pairs(population)
        chosen = optimal_assignment(seniors, juniors, scores, population.capacity)
        everything = int(scores[chosen].sum())
        row["all_allowed_pairs"] = len(seniors)
        row["engine_vs_all_pairs_optimum"] = round(total / everything, 4)
        exhaustive_limit = candidates.EXHAUSTIVE_PAIRS
        if len(population.seniors) * len(population.juniors) <= exhaustive_limit:
            # This size compared all pairs; show what the indexes alone would have found.
            candidates.EXHAUSTIVE_PAIRS = 0
            indexed = run_matching(people, policy, reference_week=WEEK).report.total_score
            candidates.EXHAUSTIVE_PAIRS = exhaustive_limit
            row["indexed_vs_all_pairs_optimum"] = round(indexed * 100 / everything, 4)
    return row


def _table(rows: list[dict[str, Any]]) -> str:
    columns = [
        ("participants", "participants"), ("wall_s", "wall s"), ("cpu_s", "CPU s"),
        ("peak_rss_mb", "peak RSS MB"),
        ("senior_match_rate", "senior match"), ("junior_match_rate", "junior match"),
        ("mean_score", "mean"), ("lowest_score", "lowest"), ("gap_to_bound", "gap to bound"),
        ("top_k_share", "top-3 share"), ("blocking_pairs", "blocking"),
        ("graph_pairs", "graph pairs"), ("greedy_vs_engine", "greedy/engine"),
        ("engine_equals_dense_on_graph", "= dense on graph"),
        ("engine_vs_all_pairs_optimum", "engine/all-pairs opt"),
        ("indexed_vs_all_pairs_optimum", "indexes only/all-pairs opt"),
    ]  # fmt: skip
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(key, "-")) for key, _ in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-limit", type=int, default=5000, help="dense check up to here")
    parser.add_argument(
        "--all-pairs-limit", type=int, default=20000, help="optimum over all pairs up to here"
    )
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print rows as JSON lines too")
    options = parser.parse_args(argv)
    if options.single:
        print(
            json.dumps(
                measure(options.single, options.seed, options.exact_limit, options.all_pairs_limit)
            )
        )
        return
    rows = []
    for size in (int(part) for part in options.sizes.split(",")):
        child = subprocess.run(
            [sys.executable, "-m", "bench.matching.run", "--single", str(size),
             "--seed", str(options.seed), "--exact-limit", str(options.exact_limit),
             "--all-pairs-limit", str(options.all_pairs_limit)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        load = os.getloadavg()[0]
        print(f"{size}: {rows[-1]['wall_s']} s (load {load:.1f}), timings {rows[-1]['timings_s']}",
              file=sys.stderr)  # fmt: skip
        if options.json:
            print(json.dumps(rows[-1]))
    print(_table(rows))


if __name__ == "__main__":
    main()
