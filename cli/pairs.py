"""`twoway pairs list|end`: a program's pairs, and ending one."""

from __future__ import annotations

from argparse import Namespace, _SubParsersAction
from urllib.parse import quote

from cli.api_client import add_connection_options, checked, client
from cli.listing import every_item, print_rows

COLUMNS = (
    ("PAIR", "pair_id"),
    ("JUNIOR", "junior_id"),
    ("SENIOR", "senior_id"),
    ("STATUS", "status"),
    ("SCORE", "score"),
    ("ROUND", "round_id"),
    ("ENDED", "ended_reason"),
)
STATUSES = ("proposed", "active", "ended", "rejected")
END_REASONS = ("admin",)


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("pairs", help="a program's pairs")
    verbs = parser.add_subparsers(dest="verb", required=True)

    listing = verbs.add_parser("list", help="the pairs of a program")
    listing.add_argument("--program", required=True)
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--participant", help="only the pairs of this participant id")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add_connection_options(listing, "matching")
    listing.set_defaults(handler=list_pairs)

    end = verbs.add_parser("end", help="end an active pair (both people are told)")
    end.add_argument("pair")
    end.add_argument("--program", required=True)
    end.add_argument("--reason", choices=END_REASONS, default="admin", help="recorded on PairEnded")
    add_connection_options(end, "matching")
    end.set_defaults(handler=end_pair)


def list_pairs(args: Namespace) -> int:
    path = f"/programs/{quote(args.program, safe='')}/pairs"
    params = {"status": args.status, "participant": args.participant}
    with client(args) as http:
        pairs = list(every_item(http, path, params))
    print_rows(pairs, COLUMNS, args.format)
    return 0


def end_pair(args: Namespace) -> int:
    path = f"/programs/{quote(args.program, safe='')}/pairs/{quote(args.pair, safe='')}/end"
    with client(args) as http:
        pair = checked(http.post(path, json={"reason": args.reason}))
    print(f"ended {pair['pair_id']} ({pair['junior_id']} and {pair['senior_id']})")
    return 0
