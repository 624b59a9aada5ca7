"""`twoway insights`: a program's (or a region's) outcomes from the feedback service.

JSON is the API's own document; CSV is long format (section, dimension, group, metric,
value), with small groups reading `suppressed`, ready for a spreadsheet.
"""

from __future__ import annotations

import sys
from argparse import Namespace, _SubParsersAction
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cli.api_client import CliError, add_connection_options, checked, client, print_json


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "insights", help="program insights: sessions, feedback, ratings, two-way learning"
    )
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--program", help="one program's insights")
    scope.add_argument("--region", help="all programs of a region you administer")
    parser.add_argument("--cohort", help="with --region: only this cohort")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    add_connection_options(parser, "feedback")
    parser.set_defaults(handler=run_insights)


def _request(args: Namespace) -> tuple[str, dict[str, str]]:
    params = {"format": args.format}
    if args.program:
        if args.cohort:
            raise CliError("--cohort goes with --region")
        return f"/programs/{quote(args.program, safe='')}/insights", params
    params["region"] = args.region
    if args.cohort:
        params["cohort"] = args.cohort
    return "/insights", params


def _summary(report: dict[str, Any]) -> str:
    activity = report["activity"]
    ratings = report["ratings"]
    suppressed = sum(1 for g in report["groups"] if g["ratings"]["suppressed"])
    suppressed += sum(1 for c in report["learning_matrix"] if c["suppressed"])
    shown = "suppressed" if ratings["suppressed"] else f"value {ratings['value_avg']}"
    return (
        f"sessions held {activity['sessions_held']}, feedback rate {activity['feedback_rate']}, "
        f"ratings {shown}, pairs at risk {activity['pairs_at_risk']}, "
        f"{suppressed} small group(s) suppressed"
    )


def run_insights(args: Namespace) -> int:
    path, params = _request(args)
    with client(args) as http:
        response = http.get(path, params=params)
    if not response.is_success:
        checked(response)
    if args.format == "csv":
        if args.out is None:
            sys.stdout.write(response.text)
        else:
            args.out.write_text(response.text, encoding="utf-8")
        return 0
    report = response.json()
    print_json(report, args.out)
    print(_summary(report), file=sys.stderr)
    return 0
