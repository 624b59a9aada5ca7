"""`twoway token`: mint a signed token for a local stack or a test environment."""

from __future__ import annotations

import os
from argparse import Namespace, _SubParsersAction
from datetime import timedelta

from cli.api_client import LOCAL_SECRET_FILE, CliError
from shared.http.auth import issue_token


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("token", help="mint a bearer token (HS256 deployments)")
    parser.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["platform_admin", "program_admin", "participant"],
    )
    parser.add_argument("--subject", default="operator")
    parser.add_argument("--program", action="append", default=[])
    parser.add_argument("--region", action="append", default=[])
    parser.add_argument("--hours", type=float, default=8.0)
    parser.set_defaults(handler=mint)


def mint(args: Namespace) -> int:
    secret = os.environ.get("TWOWAY_AUTH_HS256_SECRET")
    if not secret and LOCAL_SECRET_FILE.is_file():
        secret = LOCAL_SECRET_FILE.read_text(encoding="utf-8").strip()
    if not secret:
        raise CliError("set TWOWAY_AUTH_HS256_SECRET (or run `make up` for a local secret)")
    print(
        issue_token(
            secret=secret,
            issuer=os.environ.get("TWOWAY_AUTH_ISSUER", "twoway-local"),
            audience=os.environ.get("TWOWAY_AUTH_AUDIENCE", "twoway"),
            subject=args.subject,
            roles=args.role,
            programs=args.program,
            regions=args.region,
            ttl=timedelta(hours=args.hours),
        )
    )
    return 0
