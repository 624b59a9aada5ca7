"""`twoway match plan|run`: offline planning on files, and rounds on a running service."""

from __future__ import annotations

import sys
from argparse import Namespace, _SubParsersAction
from pathlib import Path

from cli.api_client import CliError, add_connection_options, checked, client, print_json


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("match", help="matching: offline plans and rounds")
    verbs = parser.add_subparsers(dest="verb", required=True)

    plan = verbs.add_parser("plan", help="run the matching engine on files, offline")
    plan.add_argument("--participants", type=Path, required=True, help="JSON Lines file")
    plan.add_argument("--policy", type=Path, required=True, help="policy JSON file")
    plan.add_argument("--out", type=Path, help="result JSON (default: stdout)")
    plan.set_defaults(handler=run_plan)

    run = verbs.add_parser("run", help="run a matching round of a program")
    run.add_argument("--program", required=True)
    run.add_argument("--dry-run", action="store_true", help="show the proposal, publish nothing")
    run.add_argument("--out", type=Path, help="write the full round JSON here")
    add_connection_options(run, "matching")
    run.set_defaults(handler=run_round)


def _progress(phase: str, share: float) -> None:
    print(
        f"\r[{share:4.0%}] {phase:<12}",
        end="\n" if phase == "done" else "",
        file=sys.stderr,
        flush=True,
    )


def run_plan(args: Namespace) -> int:
    from services.matching.entrypoints.planning import PlanningInputError, plan_from_files

    for path in (args.participants, args.policy):
        if not path.is_file():
            raise CliError(f"no such file: {path}")
    try:
        result = plan_from_files(args.participants, args.policy, progress=_progress)
    except PlanningInputError as error:
        raise CliError(str(error)) from None
    print_json(result, args.out)
    report = result["report"]
    print(
        f"pairs {len(result['pairs'])}, unmatched {len(result['unmatched'])}, "
        f"gap to bound {report.get('gap_to_upper_bound', 0):.4%}",
        file=sys.stderr,
    )
    return 0


def run_round(args: Namespace) -> int:
    with client(args, timeout=600) as http:
        result = checked(
            http.post(f"/programs/{args.program}/rounds", json={"dry_run": args.dry_run})
        )
    if args.out:
        print_json(result, args.out)
    report = result["report"]
    print(
        f"round {result['round_id']} ({result['status']}): {len(result['pairs'])} new pairs, "
        f"{len(result['unmatched'])} unmatched"
    )
    print(
        f"  senior match rate {report['senior_match_rate']:.1%}, "
        f"mean score {report['mean_score']:.2f}, lowest {report['lowest_score']:.2f}, "
        f"gap to bound {report['gap_to_upper_bound']:.4%}, "
        f"top-{report['top_k']} share {report['top_k_share']:.1%}, "
        f"blocking pairs {report['blocking_pairs']}"
    )
    for reason, count in sorted(report["unmatched_by_reason"].items()):
        print(f"  unmatched because {reason}: {count}")
    return 0
