"""The benchmark's tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bench.pipeline.measure import Latency, Throughput

RATIO_TARGET = 0.8
"""Of the batching baseline (getmany, bulk writes, one commit per batch)."""
P99_TARGET_MS = 500.0

PATHS = {
    "matching": "ParticipantJoined ingested",
    "scheduling": "PairCreated -> first SessionScheduled",
    "feedback": "SessionCompleted -> FeedbackRequested",
    "notifications": "PairCreated -> email accepted by SMTP",
}
LATENCY_PATHS = {
    **PATHS,
    "matching": "cohort's last ParticipantJoined -> PairCreated",
}


class Figures(Protocol):
    service: str
    rounds: list[tuple[float, float, float]]
    split: list[float]
    baseline: Throughput | None
    baseline_latency: Latency | None
    batching: Throughput | None
    batching_latency: Latency | None
    one: Throughput | None
    latency: Latency | None
    again: Throughput | None
    two: Throughput | None
    path_max: Throughput | None


def _rate(t: Throughput | None) -> str:
    return f"{t.rate:.1f}" if t else "-"


def _ms(lat: Latency | None, q: float) -> str:
    return f"{lat.pct(q) * 1000:.0f}" if lat and lat.samples else "-"


def _cpu(t: Throughput | Latency, name: str) -> str:
    return f"{t.cpu.get(name, 0) * 100:.0f}%" if t.cpu else "-"


def _align(column: int, text: str, width: int) -> str:
    return text.rjust(width) if column else text.ljust(width)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = [list(header), *[list(row) for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [
        " | ".join(_align(i, c, w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in cells
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _ratio(ours: Throughput | None, theirs: Throughput | None) -> float | None:
    return ours.rate / theirs.rate if ours and theirs and theirs.rate else None


def _split(received: Sequence[float]) -> str:
    total = sum(received)
    return "/".join(f"{100 * n / total:.0f}%" for n in received) if total else "-"


def throughput_rows(results: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for r in results:
        single = _ratio(r.one, r.baseline)
        ratio = _ratio(r.one, r.batching)
        verdict = "" if ratio is None else (" ok" if ratio >= RATIO_TARGET else " LOW")
        scale = _ratio(r.two, r.again)
        rounds = " ".join(f"{ours / bulk:.2f}" for ours, _, bulk in r.rounds if bulk)
        rows.append(
            [
                r.service,
                PATHS[r.service],
                _rate(r.baseline),
                _rate(r.batching),
                _rate(r.one),
                f"{single:.2f}" if single is not None else "-",
                f"{ratio:.2f}{verdict}" if ratio is not None else "-",
                rounds or "-",
                _rate(r.again),
                _rate(r.two),
                f"x{scale:.2f}" if scale else "-",
                _split(r.split),
            ]
        )
    return rows


def latency_rows(results: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for r in results:
        lat, base, bulk = r.latency, r.baseline_latency, r.batching_latency
        ok = bool(lat and lat.samples and lat.pct(99) * 1000 < P99_TARGET_MS)
        rows.append(
            [
                r.service,
                LATENCY_PATHS[r.service],
                f"{lat.rate:.1f}" if lat else "-",
                str(len(lat.samples)) if lat else "-",
                _ms(lat, 50),
                _ms(lat, 95),
                _ms(lat, 99) + ("" if lat is None else " ok" if ok else " HIGH"),
                " / ".join(_ms(base, q) for q in (50, 95, 99)) if base else "-",
                " / ".join(_ms(bulk, q) for q in (50, 95, 99)) if bulk else "-",
            ]
        )
    return rows


def cpu_rows(results: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for r in results:
        phases = (
            ("baseline", r.baseline),
            ("batching baseline", r.batching),
            ("service x1", r.one),
            ("latency run", r.latency),
            ("service x1, again", r.again),
            ("service x2", r.two),
        )
        for label, t in phases:
            if t is not None:
                rows.append(
                    [r.service, label, *(_cpu(t, n) for n in ("service", "db", "kafka", "smtp"))]
                )
    return rows


def cost_rows(results: Sequence[Figures]) -> list[list[str]]:
    """What one event costs each process, in CPU milliseconds, and in database operations."""
    rows = []
    for r in results:
        for label, t in (
            ("baseline", r.baseline),
            ("batching baseline", r.batching),
            ("service", r.one),
            ("service x1, again", r.again),
            ("service x2", r.two),
        ):
            if t is not None:
                rows.append(
                    [
                        r.service,
                        label,
                        *(f"{t.cpu_ms_per_event(n):.1f}" for n in ("service", "db", "kafka")),
                        f"{t.db_ops_per_event:.1f}" if t.db_ops else "-",
                        f"{t.db_ops.get('getmore', 0) / t.events:.2f}" if t.db_ops else "-",
                    ]
                )
    return rows


def print_report(results: Sequence[Figures]) -> None:
    print("\nThroughput: events/s of the main subscriber, until every output is there")
    print(
        "(per-message baseline: one message, its writes, one commit; batching baseline: getmany,"
        " bulk writes, one commit per batch;\n ratios = service / baseline over all alternating"
        f" rounds, target {RATIO_TARGET} of the batching one; per round alongside)"
    )
    header = ["service", "path", "per-message", "batching", "service", "/per-msg", "/batching"]
    extra = ["per round", "1 instance again", "2 instances", "scale-out", "split"]
    print(table([*header, *extra], throughput_rows(results)))
    print(
        "(1 instance again: after the latency phase, right before the second instance joins;"
        " scale-out = 2 instances / 1 instance again)"
    )
    print(
        f"\nEnd-to-end latency in ms at half the path's maximum throughput "
        f"(target p99 < {P99_TARGET_MS:.0f} ms); the baseline at the same rate"
    )
    header = ["service", "path", "rate/s", "samples", "p50", "p95", "p99"]
    extra = ["per-message baseline p50 / p95 / p99", "batching baseline p50 / p95 / p99"]
    print(table([*header, *extra], latency_rows(results)))
    for r in results:
        if r.path_max is not None:
            print(
                f"({r.service}: the latency path's own maximum, a burst of "
                f"{r.path_max.events} inputs on it: {r.path_max.rate:.1f}/s)"
            )
    print(
        "\nCost per event: CPU ms of each process, database operations (all kinds) and the"
        " getMore calls among them"
    )
    header = [
        "service",
        "consumer",
        "consumer ms",
        "SecantusDB ms",
        "Kafka ms",
        "db ops",
        "getMores",
    ]
    print(table(header, cost_rows(results)))
    print("\nCPU during each phase, as a share of one core (the machine has two)")
    header = ["service", "phase", "consumer", "SecantusDB", "Kafka", "SMTP sink"]
    print(table(header, cpu_rows(results)))
