"""The local servers keep their data across a restart and a crash, and none outlives the
interpreter that started it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from deploy.local.infra import KafkaServer, MongoServer
from deploy.local.process import REPO_ROOT
from tests.integration.local_infra_probes import (
    consume_one,
    partition_counts,
    pid_gone,
    produce,
    sync_client,
)

pytestmark = pytest.mark.integration


async def test_kafka_restart_and_crash_keep_topics_and_messages() -> None:
    server = KafkaServer(partitions=2).start()
    pid, data_dir = server.process.pid, server.data_dir
    try:
        bootstrap = server.bootstrap_servers
        server.create_topics(["infra.kept"])
        await produce(bootstrap, "infra.kept", b"k", b"before restart")

        server.restart()
        assert pid_gone(pid)
        assert server.bootstrap_servers == bootstrap
        assert "infra.kept" in server.list_topics()
        assert await consume_one(bootstrap, "infra.kept") == (b"k", b"before restart")

        crashed = server.process.pid
        server.kill()
        assert pid_gone(crashed)
        server.restart()
        assert await partition_counts(bootstrap, ["infra.kept"]) == {"infra.kept": 2}
        assert await consume_one(bootstrap, "infra.kept") == (b"k", b"before restart")
        pid = server.process.pid
    finally:
        server.stop()
    assert pid_gone(pid)
    assert data_dir is not None
    assert not data_dir.exists()


def test_secantusdb_on_disk_survives_restart_and_crash(tmp_path: Path) -> None:
    server = MongoServer(tmp_path / "db").start()
    port, work_dir = server.port, server.work_dir
    try:
        with sync_client(server.uri) as client:
            client.infra.docs.insert_one({"_id": "kept"})
        server.restart()
        assert server.port == port
        with sync_client(server.uri) as client:
            assert client.infra.docs.find_one({"_id": "kept"}) == {"_id": "kept"}
        server.kill()
        server.restart()
        with sync_client(server.uri) as client:
            assert client.infra.docs.count_documents({}) == 1
        pid = server.process.pid
    finally:
        server.stop()
    assert pid_gone(pid)
    assert work_dir is not None
    assert not work_dir.exists()


def test_servers_left_running_are_killed_at_interpreter_exit() -> None:
    script = textwrap.dedent("""\
        import json
        from deploy.local.infra import MongoServer
        server = MongoServer().start()
        print(json.dumps({"pid": server.process.pid, "work_dir": str(server.work_dir)}))
        """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert pid_gone(started["pid"])
    assert not Path(started["work_dir"]).exists()
