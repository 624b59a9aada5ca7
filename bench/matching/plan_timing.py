"""`twoway match plan` end to end, before and after: `python -m bench.matching.plan_timing`.

For each size a generated program is written as JSON Lines and planned by the command as a
user runs it (reading and validating the file, the engine, writing the plan). Each run is its
own process, so wall time, CPU time and peak resident memory are that run's own. The "before"
rows run the planner of BASELINE_REVISION (checked out into a temporary git worktree) right
before the current one, on the same file and machine, and the two plans are compared: apart
from timings they must be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samples.enterprise import generate_program, participant_line

# The planner before its reading and candidate search were made faster (same algorithm,
# slower reading, candidate building and reporting).
BASELINE_REVISION = "9ee79b8"
REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PlanRun:
    version: str
    participants: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: int
    phases: dict[str, float]
    plan: dict[str, Any]


def write_program(size: int, seed: int, folder: Path) -> tuple[Path, Path]:
    participants = folder / f"participants-{size}.jsonl"
    with participants.open("w", encoding="utf-8") as out:
        for person in generate_program(size, seed=seed):
            out.write(json.dumps(participant_line(person)) + "\n")
    policy = folder / "policy.json"
    policy.write_text("{}", encoding="utf-8")
    return participants, policy


def run_plan(version: str, code: Path, files: tuple[Path, Path], size: int) -> PlanRun:
    out = files[0].with_suffix(f".{version}.json")
    command = [sys.executable, "-m", "cli.main", "match", "plan", "--participants",
               str(files[0]), "--policy", str(files[1]), "--out", str(out)]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{version} planner exited with {child.returncode}")
    plan = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return PlanRun(
        version=version,
        participants=size,
        wall_s=round(wall, 2),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 2),
        peak_rss_mb=round(usage.ru_maxrss / 1024),
        phases=plan["report"].pop("timings_seconds"),
        plan=plan,
    )


def baseline_worktree(folder: Path, revision: str) -> Path | None:
    tree = folder / "baseline"
    added = subprocess.run(
        ["git", "-C", str(REPOSITORY), "worktree", "add", "--detach", str(tree), revision],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if added.returncode:
        print(f"no baseline run: {added.stderr.strip()}", file=sys.stderr)
        return None
    return tree


def table(runs: list[PlanRun]) -> str:
    phases = ("read", "encode", "candidates", "assignment", "report")
    lines = [
        "| participants | planner | wall s | CPU s | peak RSS MB | "
        + " | ".join(f"{name} s" for name in phases)
        + " | wall after/before | CPU after/before | same plan |",
        "|" + "---|" * (8 + len(phases)),
    ]
    before: dict[int, PlanRun] = {}
    for run in runs:
        ratios = ["-", "-", "-"]
        if run.version == "before":
            before[run.participants] = run
        elif run.participants in before:
            old = before[run.participants]
            ratios = [
                f"{run.wall_s / old.wall_s:.2f}",
                f"{run.cpu_s / old.cpu_s:.2f}",
                "yes" if run.plan == old.plan else "NO",
            ]
        cells = [str(run.participants), run.version, str(run.wall_s), str(run.cpu_s),
                 str(run.peak_rss_mb), *(str(run.phases.get(name, "-")) for name in phases),
                 *ratios]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", default=BASELINE_REVISION, help="git revision, or ''")
    options = parser.parse_args(argv)
    runs: list[PlanRun] = []
    with tempfile.TemporaryDirectory(prefix="twoway-plan-bench-") as temporary:
        folder = Path(temporary)
        tree = baseline_worktree(folder, options.baseline) if options.baseline else None
        try:
            for size in (int(part) for part in options.sizes.split(",")):
                files = write_program(size, options.seed, folder)
                versions = [("before", tree)] if tree else []
                for version, code in [*versions, ("after", REPOSITORY)]:
                    runs.append(run_plan(version, code, files, size))
                    done, load = runs[-1], os.getloadavg()[0]
                    print(f"{size} {version}: {done.wall_s} s wall, {done.cpu_s} s CPU, "
                          f"{done.peak_rss_mb} MB (load {load:.1f})", file=sys.stderr)  # fmt: skip
        finally:
            if tree is not None:
                subprocess.run(
                    ["git", "-C", str(REPOSITORY), "worktree", "remove", "--force", str(tree)],
                    check=False, capture_output=True,
                )  # fmt: skip
    print(f"twoway match plan, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(table(runs))


if __name__ == "__main__":
    main()
