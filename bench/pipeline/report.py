"""The benchmark's tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bench.pipeline.measure import Latency, Throughput

RATIO_TARGET = 0.7
P99_TARGET_MS = 500.0

PATHS = {
    "matching": "ParticipantJoined ingested",
    "scheduling": "PairCreated -> first SessionScheduled",
    "feedback": "SessionCompleted -> FeedbackRequested",
    "notifications": "PairCreated -> email accepted by SMTP",
}


class Figures(Protocol):
    service: str
    baseline: Throughput | None
    baseline_latency: Latency | None
    one: Throughput | None
    latency: Latency | None
    two: Throughput | None


def _rate(t: Throughput | None) -> str:
    return f"{t.rate:.1f}" if t else "-"


def _ms(lat: Latency | None, q: float) -> str:
    return f"{lat.pct(q) * 1000:.0f}" if lat and lat.samples else "-"


def _cpu(t: Throughput | Latency | None, name: str) -> str:
    return f"{t.cpu.get(name, 0) * 100:.0f}%" if t and t.cpu else "-"


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [
        " | ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def print_report(results: Sequence[Figures]) -> None:
    rows = []
    for r in results:
        ratio = r.one.rate / r.baseline.rate if r.one and r.baseline else None
        scale = r.two.rate / r.one.rate if r.two and r.one else None
        rows.append(
            [
                r.service,
                PATHS[r.service],
                _rate(r.baseline),
                _rate(r.one),
                f"{ratio:.2f}" + (" ok" if ratio >= RATIO_TARGET else " LOW") if ratio else "-",
                _rate(r.two),
                f"x{scale:.2f}" if scale else "-",
            ]
        )
    print("\nThroughput (events/s of the main subscriber, until every output is there)")
    print(
        table(["service", "path", "baseline", "service", "ratio", "2 instances", "scale-out"], rows)
    )
    rows = []
    for r in results:
        lat, base = r.latency, r.baseline_latency
        p99_ok = lat is not None and lat.samples and lat.pct(99) * 1000 < P99_TARGET_MS
        rows.append(
            [
                r.service,
                f"{lat.rate:.1f}" if lat else "-",
                lat.events if lat else "-",
                _ms(lat, 50),
                _ms(lat, 95),
                _ms(lat, 99) + (" ok" if p99_ok else " HIGH"),
                _ms(base, 50),
                _ms(base, 95),
                _ms(base, 99),
            ]
        )
    print(
        "\nEnd-to-end latency in ms at half the service's maximum throughput "
        "(baseline at the same rate)"
    )
    print(
        table(
            [
                "service",
                "rate/s",
                "events",
                "p50",
                "p95",
                "p99",
                "base p50",
                "base p95",
                "base p99",
            ],
            rows,
        )
    )
    rows = []
    for r in results:
        for label, t in (
            ("baseline", r.baseline),
            ("service x1", r.one),
            ("latency run", r.latency),
            ("service x2", r.two),
        ):
            if t is not None:
                rows.append([r.service, label, _cpu(t, "service"), _cpu(t, "db"), _cpu(t, "kafka")])
    print("\nCPU during each phase (share of one core; the machine has two)")
    print(table(["service", "phase", "consumer", "SecantusDB", "Kafka"], rows))
