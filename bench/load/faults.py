"""`python -m bench.load.faults --participants 3000`: the full fault run, with its figures.

Starts its own Kafka and a SecantusDB server per service (it stops and restarts them), the four
services as processes and an SMTP server; drives the load with the faults; reconciles; prints
the report and writes it as JSON. Exit status 1 if any promise did not hold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.load.driver import LoadConfig
from bench.load.population import Timing
from bench.load.scenario import RunReport, ScenarioConfig, run_scenario


def as_json(report: RunReport) -> dict[str, Any]:
    return {
        "config": report.config,
        "phases_seconds": report.phases_seconds,
        "faults": report.faults,
        "duplicates_injected": report.duplicates,
        "driver": report.driver,
        "figures": report.reconciliation.figures,
        "problems": report.reconciliation.problems,
    }


def render(report: RunReport) -> str:
    data = as_json(report)
    lines = [f"load: {json.dumps(data['config'])}", "phases (s):"]
    lines += [f"  {name}: {seconds}" for name, seconds in data["phases_seconds"].items()]
    lines.append("faults:")
    for fault in data["faults"]:
        lines.append(
            f"  {fault['injected_at']}  {fault['fault']}: outage {fault['outage_seconds']} s, "
            f"caught up {fault['time_to_recover_seconds']} s after; {fault['detail']}".rstrip("; ")
        )
    lines.append(f"duplicates injected: {json.dumps(data['duplicates_injected'])}")
    for name, value in data["figures"].items():
        lines.append(f"{name}: {json.dumps(value, default=str)}")
    lines.append(f"driver: {json.dumps(data['driver'])}")
    lines.append("problems: " + ("none" if not data["problems"] else ""))
    lines += [f"  - {p}" for p in data["problems"]]
    return "\n".join(lines)


def scenario_from_args(args: argparse.Namespace) -> ScenarioConfig:
    timing = Timing(program_days=args.program_days)
    load = LoadConfig(
        participants=args.participants,
        programs=args.programs,
        seed=args.seed,
        timing=timing,
        step_hours=args.step_hours,
    )
    return ScenarioConfig(
        load=load,
        faults=not args.no_faults,
        kill_rounds=args.kill_rounds,
        database_outage_seconds=args.database_outage_seconds,
        overlap=args.overlap,
        settle_bound_seconds=args.settle_seconds or max(240.0, args.participants / 2),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=3000)
    parser.add_argument("--programs", type=int, default=3)
    parser.add_argument("--program-days", type=int, default=6)
    parser.add_argument("--step-hours", type=float, default=8.0)
    parser.add_argument("--kill-rounds", type=int, default=2, help="times each service is killed")
    parser.add_argument("--database-outage-seconds", type=float, default=30.0)
    parser.add_argument("--overlap", action="store_true", help="faults of a wave overlap")
    parser.add_argument(
        "--settle-seconds", type=float, help="how long a step waits for the platform to catch up"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-faults", action="store_true", help="the same load without faults")
    parser.add_argument("--work-dir", type=Path, help="keep logs and data here (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("bench.load").setLevel(logging.INFO)  # phases and steps as they end
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="twoway-faults-"))
    report = asyncio.run(run_scenario(scenario_from_args(args), work_dir))
    print(render(report))
    target = args.json or work_dir / "report.json"
    target.write_text(json.dumps(as_json(report), indent=2, default=str))
    print(f"report written to {target}; service logs in {work_dir / 'platform' / 'logs'}")
    return 1 if report.reconciliation.problems else 0


if __name__ == "__main__":
    sys.exit(main())
