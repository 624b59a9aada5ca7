"""Who used the machine's CPU while pages were timed: the stack's own processes (by name, from
the run directory's stack.json) and everything else on the machine, from /proc (Linux).

A page's p95 on a shared machine says as much about the neighbours as about the page; the
benchmark prints this beside its figures so a reader can tell the two apart.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuReading:
    machine_busy: float  # seconds of CPU used by anything, all cores together
    machine_total: float  # seconds of CPU time that passed, all cores together
    by_process: dict[str, float]  # the stack's processes: seconds of CPU each


def _process_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based).
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS


def _machine_seconds() -> tuple[float, float]:
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


def stack_pids(run_dir: Path) -> dict[str, int]:
    state = json.loads((run_dir / "stack.json").read_text(encoding="utf-8"))
    return {str(row["name"]): int(row["pid"]) for row in state["processes"] if row.get("pid")}


def read_cpu(pids: dict[str, int]) -> CpuReading:
    busy, total = _machine_seconds()
    found = {name: _process_seconds(pid) for name, pid in pids.items()}
    return CpuReading(busy, total, {name: s for name, s in found.items() if s is not None})


def print_cpu(before: CpuReading, after: CpuReading) -> None:
    elapsed = after.machine_total - before.machine_total
    busy = after.machine_busy - before.machine_busy
    used = {
        name: after.by_process[name] - before.by_process.get(name, 0.0) for name in after.by_process
    }
    ours = sum(used.values())
    cores = os.cpu_count() or 1
    wall = elapsed / cores
    print(
        f"\nCPU while timing ({wall:.0f} s, {cores} cores): machine {100 * busy / elapsed:.0f}% "
        f"busy; the stack {ours:.0f} s, everything else on the machine {busy - ours:.0f} s"
    )
    top = sorted(used.items(), key=lambda item: item[1], reverse=True)
    shown = [f"{name} {seconds:.1f} s" for name, seconds in top if seconds >= 0.5]
    if shown:
        print("  " + ", ".join(shown))


async def wait_until_quiet(
    pids: dict[str, int], *, below: float, most: float, step: float = 5.0
) -> tuple[float, float]:
    """Wait until the stack uses less than `below` of a core (all its processes together, over
    `step` seconds), at most `most` seconds: a large round keeps the services busy for minutes
    (series planned, introductions sent), and pages timed meanwhile measure that. Returns the
    seconds waited and the stack's last share of a core."""
    started = time.monotonic()
    last = read_cpu(pids)
    share = float("inf")
    while time.monotonic() - started < most:
        await asyncio.sleep(step)
        now = read_cpu(pids)
        used = sum(now.by_process.values()) - sum(last.by_process.values())
        share = used / step
        last = now
        if share < below:
            break
    return time.monotonic() - started, share
