"""The local stack's record of itself: `stack.json` (what runs, with pids and addresses) and
`ports.json` (ports to reuse on the next `up`), and how `status` shows them."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from deploy.local.process import ManagedProcess, process_running, process_start_ticks


def state_path(run_dir: Path) -> Path:
    return run_dir / "stack.json"


def ports_path(run_dir: Path) -> Path:
    return run_dir / "ports.json"


def read_json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(path)


def record_of(name: str, process: ManagedProcess, **details: Any) -> dict[str, Any]:
    return {
        "name": name,
        "pid": process.pid,
        "start_ticks": process_start_ticks(process.pid),
        "log": str(process.log_path),
        **details,
    }


def is_alive(record: Mapping[str, Any]) -> bool:
    """Alive and still the process we started, not a later one that reuses its pid."""
    pid = int(record["pid"])
    ticks = process_start_ticks(pid)
    if ticks is not None and record.get("start_ticks") not in (None, ticks):
        return False
    return process_running(pid)


def print_state(rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        print("stack: not running")
        return
    width = max(12, *(len(str(row["name"])) for row in rows))
    for row in rows:
        alive = row.get("alive", True)
        print(
            f"{row['name']:<{width}} {'up' if alive else 'DOWN':<5} pid {row['pid']:<8} "
            f"{row.get('address', '')}",
            file=sys.stdout,
        )
        print(f"{'':<{width}} log {row['log']}")
