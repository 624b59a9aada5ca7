"""`python -m deploy.local up|down|status|fetch`: the local stack as detached processes.

`fetch` only downloads Kafka's jars and installs the local OpenID provider's npm package (once
each), so an install step can do it ahead of `up`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from deploy.local import identity, platform, stack, stack_state
from deploy.local.kafka_libs import ensure_kafka_libs
from deploy.local.process import InfraError


def topics_for(prefix: str) -> dict[str, int]:
    """The canonical topic list from the event contracts when present, else the built-in one."""
    try:
        from shared.events.topics import all_topics
    except ImportError:
        return stack.default_topics(prefix)
    return dict(all_topics(prefix))


def _print_sign_in(processes: list[dict[str, object]]) -> None:
    addresses = {str(row["name"]): str(row.get("address", "")) for row in processes}
    if "identity" in addresses:
        print(f"identity provider (OpenID): {addresses['identity']}")
        print("local users (password = username): " + "; ".join(platform.local_users()))
    if "portal" in addresses:
        print(f"portal: open {addresses['portal']} and sign in as admin")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "status", "fetch"])
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=stack.DEFAULT_RUN_DIR,
        help="pids, ports, data and logs (default: .run/ in the repo)",
    )
    parser.add_argument(
        "--infra-only",
        action="store_true",
        help="start only Kafka and SecantusDB, not the services",
    )
    parser.add_argument(
        "--topic-prefix", default=os.environ.get("TWOWAY_TOPIC_PREFIX", stack.DEFAULT_PREFIX)
    )
    args = parser.parse_args(argv)

    try:
        if args.command == "fetch":
            print(f"kafka jars: {ensure_kafka_libs()}")
            print(f"identity provider packages: {identity.ensure_installed()}")
        elif args.command == "up":
            topics = topics_for(args.topic_prefix)
            run_dir = args.run_dir.resolve()
            state = stack.up(
                topics,
                run_dir=run_dir,
                topic_prefix=args.topic_prefix,
                services=[]
                if args.infra_only
                else platform.service_specs(run_dir, own_databases=True),
                preferred=platform.preferred_ports(),
                with_prometheus=not args.infra_only,
            )
            stack_state.print_state(state["processes"])
            print(f"topics ({len(topics)}): {', '.join(sorted(topics))}")
            print(f"state: {args.run_dir / 'stack.json'}")
            if not args.infra_only:
                print("APIs: <service address>/docs (OpenAPI), /asyncapi, /metrics, /readyz")
                print(f"emails received: {run_dir / 'mail'}")
                print("a token for the APIs: .venv/bin/twoway token --role platform_admin")
                _print_sign_in(state["processes"])
        elif args.command == "down":
            stopped = stack.down(run_dir=args.run_dir)
            print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
        else:
            rows = stack.status(run_dir=args.run_dir)
            stack_state.print_state(rows)
            if not rows or not all(row["alive"] for row in rows):
                return 1  # not running, or partly down: `make demo` starts it then
    except InfraError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
