"""The fault run gives each service a database server of its own, as `make up` does: each
service process and each read of the settler goes to that service's server, and the database
outage stops every one of them at once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from bench.load import injector as injector_module
from bench.load.injector import FaultInjector
from bench.load.settle import Settler
from bench.load.world import World
from deploy.local.harness import Platform

SERVICES = ("matching", "scheduling", "feedback", "notifications")
PORTS = {name: 27100 + i for i, name in enumerate(SERVICES)}


def uri(port: int) -> str:
    return f"mongodb://127.0.0.1:{port}/?directConnection=true"


class Server:
    """A database server that writes what happens to it in a shared log."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    @property
    def process(self) -> Server:
        return self

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")

    def start(self) -> Server:
        self.log.append(f"start {self.name}")
        return self


class Servers:
    """The world as the settler and the outage see it: service names and their servers."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.databases = {name: Server(name, self.log) for name in SERVICES}

    def service_names(self) -> tuple[str, ...]:
        return SERVICES

    def database_uri(self, service: str) -> str:
        return uri(PORTS[service])


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outage's recovery watch reads the broker's log ends; here nothing is behind."""

    async def ends(_: Any) -> dict[Any, int]:
        return {}

    async def caught_up(_: Any, __: Any) -> bool:
        return True

    monkeypatch.setattr(injector_module, "snapshot_ends", ends)
    monkeypatch.setattr(injector_module, "caught_up_with", caught_up)


async def test_the_database_outage_stops_every_services_server_before_starting_any() -> None:
    world = Servers()
    faults = FaultInjector(
        cast(World, world), cast(Any, None), lambda: datetime(2027, 3, 1, tzinfo=UTC)
    )
    await faults.database_outage(down_seconds=0.0)
    await faults.wait_recovered(timeout=5.0)

    stops, starts = world.log[:4], world.log[4:]
    assert sorted(stops) == sorted(f"stop {name}" for name in SERVICES)
    assert sorted(starts) == sorted(f"start {name}" for name in SERVICES)
    [record] = faults.report()
    assert record["fault"] == "database stop 0s + restart"
    assert record["detail"] == (
        "stopped the database servers of matching, scheduling, feedback, notifications"
    )
    assert record["time_to_recover_seconds"] is not None


async def test_the_settler_reads_each_services_database_from_its_own_server() -> None:
    settler = Settler(cast(World, Servers()))
    try:
        for name in SERVICES:
            db = settler.db(name)
            assert db.name == f"twoway_{name}"
            seeds = db.client.topology_description.server_descriptions()
            assert list(seeds) == [("127.0.0.1", PORTS[name])]
    finally:
        await settler.close()


def test_each_service_process_is_pointed_at_its_own_server(tmp_path: Path) -> None:
    platform = Platform(
        bootstrap_servers="127.0.0.1:9092",
        mongo_uri="",
        mongo_uris={name: uri(port) for name, port in PORTS.items()},
        work_dir=tmp_path,
    )
    for name, port in PORTS.items():
        env = platform.env_for(name, 8000)
        assert env["TWOWAY_MONGO_URI"] == uri(port)
        assert env["TWOWAY_MONGO_DATABASE"] == f"twoway_{name}"
    with pytest.raises(ValueError, match="no database server for 'directory'"):
        platform.env_for("directory", 8000)
