"""Timed phases against one running consumer (a service or its baseline): throughput, latency."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pipeline.kafka_io import GroupWatch, Producer
from bench.pipeline.scenarios import Outputs, Scenario
from bench.pipeline.workload import Message

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


class CpuMeter:
    """CPU used by named processes over a phase, as a share of one core."""

    def __init__(self, pids: Callable[[], Mapping[str, Sequence[int]]]) -> None:
        self._pids = pids
        self._start: dict[str, float] = {}
        self._t0 = 0.0

    def _read(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(p) for p in pids) for name, pids in self._pids().items()}

    def start(self) -> None:
        self._start, self._t0 = self._read(), time.monotonic()

    def stop(self) -> dict[str, float]:
        wall = max(time.monotonic() - self._t0, 1e-6)
        return {
            name: (used - self._start.get(name, 0.0)) / wall for name, used in self._read().items()
        }


@dataclass
class Throughput:
    events: int
    seconds: float
    cpu: dict[str, float] = field(default_factory=dict)
    db_ops: dict[str, int] = field(default_factory=dict)
    """Database operations by kind during the phase (the server's own counters)."""

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    def cpu_ms_per_event(self, name: str) -> float:
        return 1000 * self.cpu.get(name, 0.0) * self.seconds / self.events

    @property
    def db_ops_per_event(self) -> float:
        return sum(self.db_ops.values()) / self.events


@dataclass
class Latency:
    rate: float
    events: int
    samples: list[float]
    cpu: dict[str, float] = field(default_factory=dict)

    def pct(self, q: float) -> float:
        if not self.samples:
            return float("nan")
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples) if self.samples else float("nan")


Hook = Callable[[str, int], Awaitable[None]]
Counters = Callable[[], Awaitable[dict[str, int]]]


async def no_counters() -> dict[str, int]:
    return {}


@dataclass
class Phases:
    """Runs the timed phases for one consumer group fed through one producer."""

    scenario: Scenario
    producer: Producer
    watch: GroupWatch
    outputs: Outputs
    group: str
    cpu: CpuMeter
    prepare: Hook
    """Gets a phase's prerequisites in place (produced and consumed, or seeded) before timing."""
    log: Callable[[str], None]
    db_counters: Counters = no_counters
    timeout: float = 240.0

    async def settle(self) -> None:
        """Wait until the group has committed everything produced so far."""
        await self.watch.wait_caught_up(
            self.group, dict(self.producer.produced), timeout=self.timeout
        )

    async def wait_done(self, inputs: Sequence[Message]) -> float:
        deadline = time.monotonic() + self.timeout
        while not self.scenario.done(inputs, self.outputs):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.scenario.service}: outputs incomplete")
            await asyncio.sleep(0.05)
        return time.time()

    async def throughput(self, phase: str, count: int) -> Throughput:
        await self.prepare(phase, count)
        inputs = self.scenario.inputs(phase, count)
        before = await self.db_counters()
        self.cpu.start()
        started = await self.producer.burst(inputs)
        committed = await self.watch.wait_caught_up(
            self.group, dict(self.producer.produced), timeout=self.timeout
        )
        finished = max(committed, await self.wait_done(inputs))
        cpu = self.cpu.stop()
        after = await self.db_counters()
        ops = {kind: after[kind] - before.get(kind, 0) for kind in after}
        result = Throughput(count, finished - started, cpu, ops)
        self.log(
            f"{phase}: {count} events in {result.seconds:.1f}s = {result.rate:.1f}/s "
            f"(CPU {describe_cpu(result.cpu)}; {result.db_ops_per_event:.1f} db ops/event)"
        )
        return result

    async def latency(self, phase: str, rate: float, seconds: float) -> Latency:
        count = max(20, int(rate * seconds))
        await self.prepare(phase, count)
        inputs = self.scenario.inputs(phase, count)
        self.cpu.start()
        sent = await self.producer.paced(inputs, rate)
        await self.watch.wait_caught_up(
            self.group, dict(self.producer.produced), timeout=self.timeout
        )
        await self.wait_done(inputs)
        result = Latency(
            rate, count, self.scenario.latencies(inputs, sent, self.outputs), self.cpu.stop()
        )
        self.log(
            f"{phase}: {count} events at {rate:.1f}/s: p50 {result.pct(50) * 1000:.0f} ms, "
            f"p95 {result.pct(95) * 1000:.0f} ms, p99 {result.pct(99) * 1000:.0f} ms "
            f"(CPU {describe_cpu(result.cpu)})"
        )
        return result


def describe_cpu(cpu: Mapping[str, Any]) -> str:
    return " ".join(f"{name} {share * 100:.0f}%" for name, share in cpu.items())
