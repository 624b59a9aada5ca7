"""Reading paged lists and printing rows as a table or JSON, for the admin commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from cli.api_client import CliError, checked

PAGE_SIZE = 200


def every_item(http: httpx.Client, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each item of a paged list (`{"items", "next_cursor", "total"}`), page after page."""
    query = {k: v for k, v in params.items() if v is not None}
    query["limit"] = PAGE_SIZE
    while True:
        page = checked(http.get(path, params=query))
        if not isinstance(page, dict) or "items" not in page:
            raise CliError(f"unexpected answer from {path}: not a page of items")
        yield from page["items"]
        if not page.get("next_cursor"):
            return
        query["cursor"] = page["next_cursor"]


def print_rows(
    rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], output: str
) -> None:
    """`columns` are (heading, key) pairs; JSON prints the rows whole."""
    if output == "json":
        sys.stdout.write(json.dumps(list(rows), indent=2, ensure_ascii=False, default=str) + "\n")
        return
    cells = [[heading for heading, _ in columns]]
    cells += [[_text(row.get(key)) for _, key in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for line in cells:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        sys.stdout.write("\n")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
