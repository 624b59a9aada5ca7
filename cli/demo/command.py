"""`twoway demo`: three regional programs lived through on the local stack, with a report."""

from __future__ import annotations

import asyncio
import json
import os
from argparse import Namespace, _SubParsersAction
from pathlib import Path

from cli.api_client import DEFAULT_URLS, LOCAL_SECRET_FILE, CliError
from cli.demo.services import Credentials, Endpoints

LOCAL_STACK_FILE = Path(".run") / "stack.json"


def _local_stack() -> dict[str, str]:
    """Kafka's address and the topic prefix of a stack started with `make up`."""
    try:
        state = json.loads(LOCAL_STACK_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = {"topic_prefix": str(state.get("topic_prefix", ""))}
    for process in state.get("processes", []):
        if process.get("name") == "kafka":
            found["kafka"] = str(process.get("address", ""))
    return {k: v for k, v in found.items() if v}


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo",
        help="run three regional programs through their months on the local stack",
        description=__doc__,
    )
    sizes = parser.add_argument_group("the simulated enterprise")
    sizes.add_argument("--participants", type=int, default=200, help="across all programs")
    sizes.add_argument("--weeks", type=int, default=10, help="program length")
    sizes.add_argument("--seed", type=int, default=7)
    sizes.add_argument("--step-hours", type=float, default=18.0,
                       help="program time per step of the clock (6-48)")  # fmt: skip
    sizes.add_argument("--min-group-size", type=int, default=5,
                       help="analytics suppress groups smaller than this")  # fmt: skip
    sizes.add_argument("--out", type=Path, default=Path(".run") / "demo",
                       help="folder for the charts (PNG)")  # fmt: skip
    sizes.add_argument("--no-charts", action="store_true")
    sizes.add_argument("--json", type=Path, help="also write the report's figures here (JSON)")
    where = parser.add_argument_group("where the platform runs (defaults: the local stack)")
    for service, url in DEFAULT_URLS.items():
        env = f"TWOWAY_{service.upper()}_URL"
        where.add_argument(f"--{service}-url", default=os.environ.get(env, url),
                           help=f"(env {env})")  # fmt: skip
    where.add_argument("--kafka", default=os.environ.get("TWOWAY_KAFKA_BOOTSTRAP_SERVERS"),
                       help="bootstrap servers (default: the local stack's Kafka)")  # fmt: skip
    where.add_argument("--topic-prefix", default=os.environ.get("TWOWAY_TOPIC_PREFIX"))
    where.add_argument("--secret-file", type=Path,
                       help="HS256 signing secret (default: env TWOWAY_AUTH_HS256_SECRET, "
                            "then .run/auth-secret)")  # fmt: skip
    parser.set_defaults(handler=run)


def _secret(args: Namespace) -> str:
    if args.secret_file is not None:
        if not args.secret_file.is_file():
            raise CliError(f"no such file: {args.secret_file}")
        return str(args.secret_file.read_text(encoding="utf-8").strip())
    secret = os.environ.get("TWOWAY_AUTH_HS256_SECRET")
    if not secret and LOCAL_SECRET_FILE.is_file():
        secret = LOCAL_SECRET_FILE.read_text(encoding="utf-8").strip()
    if not secret:
        raise CliError("no signing secret: run `make up` first, or pass --secret-file")
    return secret


def run(args: Namespace) -> int:
    from cli.demo.run import DemoConfig, run_demo

    if not 6 <= args.step_hours <= 48:
        raise CliError("--step-hours must be between 6 and 48")
    if args.participants < 12 or args.weeks < 3:
        raise CliError("the demo needs at least 12 participants and 3 weeks")
    stack = _local_stack()
    kafka = args.kafka or stack.get("kafka")
    if not kafka:
        raise CliError("no Kafka address: run `make up` first, or pass --kafka HOST:PORT")
    config = DemoConfig(
        endpoints=Endpoints(
            matching=args.matching_url,
            scheduling=args.scheduling_url,
            feedback=args.feedback_url,
            notifications=args.notifications_url,
        ),
        credentials=Credentials(
            secret=_secret(args),
            issuer=os.environ.get("TWOWAY_AUTH_ISSUER", "twoway-local"),
            audience=os.environ.get("TWOWAY_AUTH_AUDIENCE", "twoway"),
        ),
        bootstrap_servers=kafka,
        topic_prefix=args.topic_prefix or stack.get("topic_prefix", "twoway."),
        participants=args.participants,
        weeks=args.weeks,
        seed=args.seed,
        step_hours=args.step_hours,
        min_group_size=args.min_group_size,
        out_dir=None if args.no_charts else args.out,
    )
    result = asyncio.run(run_demo(config))
    print()
    print(result.text, end="")
    if args.json is not None:
        from cli.demo.report import summary

        args.json.write_text(json.dumps(summary(result.reports), indent=2) + "\n", "utf-8")
        print(f"\nFigures: {args.json}")
    if result.charts:
        print("\nCharts:")
        for path in result.charts:
            print(f"  {path}")
    return 0
