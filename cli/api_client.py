"""Talking to the services from the CLI: base URLs, a bearer token, readable errors."""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser, Namespace
from pathlib import Path
from typing import Any

import httpx

from shared.http.auth import issue_token

DEFAULT_URLS = {
    "matching": "http://127.0.0.1:8001",
    "scheduling": "http://127.0.0.1:8002",
    "feedback": "http://127.0.0.1:8003",
    "notifications": "http://127.0.0.1:8004",
}
LOCAL_SECRET_FILE = Path(".run") / "auth-secret"


class CliError(Exception):
    """A problem to print as one line, with exit status 1."""


def add_connection_options(parser: ArgumentParser, service: str) -> None:
    env = f"TWOWAY_{service.upper()}_URL"
    parser.add_argument(
        "--url",
        default=os.environ.get(env, DEFAULT_URLS[service]),
        help=f"{service} service base URL (env {env})",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("TWOWAY_TOKEN"),
        help="bearer token (env TWOWAY_TOKEN); on a local stack one is minted",
    )


def token_for(args: Namespace) -> str:
    if args.token:
        return str(args.token)
    secret = os.environ.get("TWOWAY_AUTH_HS256_SECRET")
    if not secret and LOCAL_SECRET_FILE.is_file():
        secret = LOCAL_SECRET_FILE.read_text(encoding="utf-8").strip()
    if not secret:
        raise CliError("no token: pass --token or set TWOWAY_TOKEN (or run `make up` locally)")
    return issue_token(
        secret=secret,
        issuer=os.environ.get("TWOWAY_AUTH_ISSUER", "twoway-local"),
        audience=os.environ.get("TWOWAY_AUTH_AUDIENCE", "twoway"),
        subject="cli",
        roles=["platform_admin"],
    )


def client(args: Namespace, timeout: float = 120.0) -> httpx.Client:
    return httpx.Client(
        base_url=args.url, timeout=timeout, headers={"Authorization": f"Bearer {token_for(args)}"}
    )


def checked(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json() if response.content else None
    try:
        body = response.json()
        message = body.get("message", response.text)
        problems = body.get("problems") or []
    except ValueError:
        message, problems = response.text, []
    details = "".join(
        f"\n  - {'.'.join(str(x) for x in p.get('loc', []))}: {p.get('msg', '')}" for p in problems
    )
    raise CliError(f"HTTP {response.status_code}: {message}{details}")


def print_json(value: Any, out: Path | None = None) -> None:
    """Indented for a reader on stdout; compact in a file, which programs read (a 100,000-person
    plan is 87 MB, and indenting forces json's slow pure-Python encoder: 2 s against 0.5 s)."""
    if out is None:
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
        out.write_text(text + "\n", encoding="utf-8")
