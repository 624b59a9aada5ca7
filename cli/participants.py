"""`twoway participants import`: bulk import with progress and per-row errors."""

from __future__ import annotations

import sys
from argparse import Namespace, _SubParsersAction
from pathlib import Path

from cli.api_client import CliError, add_connection_options, checked, client
from services.matching.participant_files import read_participants

BATCH = 500


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("participants", help="participants of a program")
    verbs = parser.add_subparsers(dest="verb", required=True)
    importing = verbs.add_parser(
        "import", help="import participants from CSV or JSON Lines (.csv / .jsonl)"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--program", required=True)
    add_connection_options(importing, "matching")
    importing.set_defaults(handler=import_file)


def import_file(args: Namespace) -> int:
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    parsed = read_participants(args.file)
    rejected = list(parsed.errors)
    counts = {"joined": 0, "unchanged": 0, "rejected": 0}
    total = len(parsed.rows)
    with client(args) as http:
        for start in range(0, total, BATCH):
            batch = parsed.rows[start : start + BATCH]
            body = {"participants": [p.model_dump(mode="json") for _, p in batch]}
            outcomes = checked(http.post(f"/programs/{args.program}/participants/bulk", json=body))
            for (line, _), outcome in zip(batch, outcomes, strict=True):
                counts[outcome["status"] if outcome["status"] in counts else "rejected"] += 1
                if outcome["status"] == "rejected":
                    rejected.append((line, "; ".join(outcome["problems"])))
            done = min(start + BATCH, total)
            print(f"\rimported {done}/{total} valid rows", end="", file=sys.stderr, flush=True)
    if total:
        print(file=sys.stderr)
    for line, problem in sorted(rejected):
        print(f"line {line}: {problem}", file=sys.stderr)
    print(f"joined {counts['joined']}, unchanged {counts['unchanged']}, rejected {len(rejected)}")
    return 1 if rejected else 0
