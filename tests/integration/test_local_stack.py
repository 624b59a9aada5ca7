"""The local stack as `python -m deploy.local` runs it: up, status and down keep data and
ports, and each service that owns its database gets a server of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.local import stack
from deploy.local.process import REPO_ROOT
from tests.integration.local_infra_probes import pid_gone, sync_client

pytestmark = pytest.mark.integration


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deploy.local", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ},
    )


def test_stack_up_status_down_keeps_data_and_ports(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    web = stack.ProcessSpec(
        "web",
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "{port}"],
        ready_path="/",
    )
    try:
        state = stack.up(stack.default_topics("t."), run_dir=run_dir, services=[web])
        records = {r["name"]: r for r in state["processes"]}
        assert list(records) == ["kafka", "secantusdb", "web"]
        assert (run_dir / "logs" / "kafka.log").exists()
        assert json.loads((run_dir / "stack.json").read_text())["processes"][2]["name"] == "web"
        with sync_client(records["secantusdb"]["address"]) as client:
            client.infra.docs.insert_one({"_id": "kept"})

        shown = cli("status", "--run-dir", str(run_dir))
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.count(" up ") == 3

        stopped = cli("down", "--run-dir", str(run_dir))
        assert stopped.returncode == 0, stopped.stderr
        assert all(pid_gone(r["pid"]) for r in records.values())
        down = cli("status", "--run-dir", str(run_dir))
        assert "not running" in down.stdout
        assert down.returncode == 1  # `make demo` starts the stack on this

        started = cli("up", "--infra-only", "--run-dir", str(run_dir))
        assert started.returncode == 0, started.stderr
        again = {r["name"]: r for r in stack.status(run_dir=run_dir)}
        assert set(again) == {"kafka", "secantusdb"}
        assert all(r["alive"] for r in again.values())
        assert again["kafka"]["address"] == records["kafka"]["address"]
        assert again["secantusdb"]["address"] == records["secantusdb"]["address"]
        with sync_client(again["secantusdb"]["address"]) as client:
            assert client.infra.docs.find_one({"_id": "kept"}) == {"_id": "kept"}
    finally:
        leftovers = stack.status(run_dir=run_dir)
        stack.down(run_dir=run_dir)
    assert all(pid_gone(r["pid"]) for r in leftovers)


def process_environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(entry.decode().split("=", 1) for entry in raw if b"=" in entry)


def test_each_service_that_owns_its_database_gets_a_server_of_its_own(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"

    def web(name: str, database: stack.Database) -> stack.ProcessSpec:
        return stack.ProcessSpec(
            name,
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "{port}"],
            ready_path="/",
            database=database,
        )

    specs = [web("left", "own"), web("right", "own"), web("plain", "none")]
    try:
        state = stack.up(stack.default_topics("t."), run_dir=run_dir, services=specs)
        records = {r["name"]: r for r in state["processes"]}
        assert list(records) == [
            "kafka",
            "secantusdb-left",
            "secantusdb-right",
            "left",
            "right",
            "plain",
        ]
        uris = {
            name: process_environment(records[name]["pid"]).get("TWOWAY_MONGO_URI")
            for name in ("left", "right", "plain")
        }
        assert uris == {
            "left": records["secantusdb-left"]["address"],
            "right": records["secantusdb-right"]["address"],
            "plain": None,
        }
        with sync_client(uris["left"] or "") as client:
            client.infra.docs.insert_one({"_id": "left only"})
        with sync_client(uris["right"] or "") as client:
            assert client.infra.docs.count_documents({}) == 0
    finally:
        leftovers = stack.status(run_dir=run_dir)
        stack.down(run_dir=run_dir)
    assert all(pid_gone(r["pid"]) for r in leftovers)
