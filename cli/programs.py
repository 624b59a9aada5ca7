"""`twoway programs launch|update|list`: programs from files, for admins who script."""

from __future__ import annotations

import json
from argparse import Namespace, _SubParsersAction
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cli.api_client import CliError, add_connection_options, checked, client
from cli.listing import every_item, print_rows

COLUMNS = (
    ("PROGRAM", "program_id"),
    ("NAME", "name"),
    ("REGION", "region"),
    ("START", "start_date"),
    ("END", "end_date"),
    ("ACTIVE", "active_participants"),
    ("PAIRS", "active_pairs"),
    ("POLICY", "policy_version"),
)


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("programs", help="launch, update and list programs")
    verbs = parser.add_subparsers(dest="verb", required=True)

    launch = verbs.add_parser("launch", help="launch a program from a JSON program file")
    launch.add_argument("file", type=Path, help="{program_id, settings, policy} (see README)")
    add_connection_options(launch, "matching")
    launch.set_defaults(handler=launch_program)

    update = verbs.add_parser("update", help="change a program's settings and/or policy")
    update.add_argument("program")
    update.add_argument("file", type=Path, help="{settings, policy}: either or both")
    add_connection_options(update, "matching")
    update.set_defaults(handler=update_program)

    listing = verbs.add_parser("list", help="the programs you administer")
    listing.add_argument("--region")
    listing.add_argument("--search", help="text in the program's id or name")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add_connection_options(listing, "matching")
    listing.set_defaults(handler=list_programs)


def read_program_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise CliError(
            f"{path}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(body, dict):
        raise CliError(f"{path}: expected a JSON object")
    return body


def launch_program(args: Namespace) -> int:
    body = read_program_file(args.file)
    with client(args) as http:
        program = checked(http.post("/programs", json=body))
    print(
        f"launched {program['program_id']} ({program['settings']['region']}, "
        f"{program['settings']['start_date']} to {program['settings']['end_date']}), "
        f"policy version {program['policy_version']}"
    )
    return 0


def update_program(args: Namespace) -> int:
    body = read_program_file(args.file)
    named = body.pop("program_id", args.program)
    if named != args.program:
        raise CliError(f"{args.file} is the file of another program than {args.program}")
    change = {key: body[key] for key in ("settings", "policy") if key in body}
    if not change:
        raise CliError(f"{args.file}: give settings, policy or both")
    with client(args) as http:
        program = checked(http.patch(f"/programs/{quote(args.program, safe='')}", json=change))
    print(
        f"updated {program['program_id']}: program version {program['program_version']}, "
        f"policy version {program['policy_version']}"
    )
    return 0


def list_programs(args: Namespace) -> int:
    with client(args) as http:
        programs = list(every_item(http, "/programs", {"region": args.region, "q": args.search}))
    if args.format == "json":
        print_rows(programs, COLUMNS, "json")
        return 0
    rows = [
        {
            "program_id": p["program_id"],
            "name": p["settings"]["name"],
            "region": p["settings"]["region"],
            "start_date": p["settings"]["start_date"],
            "end_date": p["settings"]["end_date"],
            "active_participants": p["participants"].get("active", 0),
            "active_pairs": p["active_pairs"],
            "policy_version": p["policy_version"],
        }
        for p in programs
    ]
    print_rows(rows, COLUMNS, "table")
    return 0
