"""`twoway`: one command line for program admins and operators."""

from __future__ import annotations

import argparse
import sys

import httpx

from cli import contracts, dlq, insights, match, pairs, participants, programs, tokens
from cli.api_client import CliError
from cli.demo import command as demo

# Each module adds its subcommand with `add_parser(subparsers)`, in this order.
COMMANDS = (programs, pairs, participants, match, tokens, insights, dlq, contracts, demo)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twoway", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except httpx.TransportError as error:
        print(
            f"error: no answer from {_address(error)} ({type(error).__name__}); "
            "is the service running, and is --url right?",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130


def _address(error: httpx.TransportError) -> str:
    try:
        request = error.request
    except RuntimeError:  # raised without a request
        return "the service"
    return f"{request.url.scheme}://{request.url.netloc.decode()}"


if __name__ == "__main__":
    sys.exit(main())
