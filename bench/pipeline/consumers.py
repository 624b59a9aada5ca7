"""The two consumers compared for each service, each on its own topics and database.

`service_side` runs the service as processes through the platform harness; `baseline_side`
runs `baseline.py`. Both yield `Phases` ready for timed runs: the consumer group has its
members, prerequisites are in place and consumed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench.pipeline.baseline import group_of
from bench.pipeline.kafka_io import GroupWatch, OutputCollector, Producer
from bench.pipeline.mail_sink import MailSink
from bench.pipeline.measure import CpuMeter, Phases
from bench.pipeline.scenarios import NotificationsScenario, Outputs, Scenario
from deploy.local.harness import Platform
from deploy.local.infra import KafkaServer, ManagedProcess, MongoServer
from deploy.local.process import REPO_ROOT
from shared.events.topics import Topics
from shared.http.auth import issue_token

SERVICE_ENV = {"TWOWAY_OUTBOX_RELAY_INTERVAL_SECONDS": "5"}
"""The harness polls the relay every second for fault tests; five is the services' default."""
PROFILING = Path(__file__).resolve().parent / "profiling"


@dataclass
class World:
    kafka: KafkaServer
    _mongo: MongoServer | None
    mail: MailSink
    work_dir: Path
    run_id: str
    started: float = field(default_factory=time.monotonic)

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    @property
    def mongo(self) -> MongoServer:
        """The database of the service being measured."""
        assert self._mongo is not None, "no database started"
        return self._mongo

    @mongo.setter
    def mongo(self, server: MongoServer) -> None:
        self._mongo = server

    async def db_counters(self) -> dict[str, int]:
        """The database server's operation counters, find-and-modify among the commands (it
        serves both sides; the idle one adds only its background loops and heartbeats)."""
        client: AsyncMongoClient[Any] = AsyncMongoClient(self.mongo.uri)
        try:
            status = await client.admin.command("serverStatus")
        finally:
            await client.close()
        return {k: int(v) for k, v in status.get("opcounters", {}).items()}

    def infra_pids(self) -> dict[str, list[int]]:
        return {
            "db": [self.mongo.process.pid],
            "kafka": [self.kafka.process.pid],
            "smtp": [self.mail.pid],
        }


def profile_env(args: argparse.Namespace, work_dir: Path, name: str) -> dict[str, str]:
    """With --profile, each process dumps a cProfile of its whole run next to the logs."""
    if not args.profile:
        return {}
    (work_dir / "profiles").mkdir(parents=True, exist_ok=True)
    return {
        "PYTHONPATH": f"{PROFILING}:{REPO_ROOT}",
        "TWOWAY_BENCH_PROFILE": str(work_dir / "profiles" / name),
    }


@dataclass
class ServiceSide:
    phases: Phases
    platform: Platform
    scenario: Scenario
    args: argparse.Namespace
    watch: GroupWatch

    async def received(self) -> list[float]:
        """Messages each instance has received on the main stream so far (its /metrics)."""
        topic = self.phases.producer.topic(self.scenario.main_stream)
        return [
            await asyncio.to_thread(_received, instance.url, topic)
            for instance in self.platform.instances.values()
        ]

    async def add_instance(self) -> None:
        instance = len(self.platform.instances)
        await asyncio.to_thread(self.platform.start, self.scenario.service, instance)
        expected = (instance + 1) * self.scenario.subscribers
        await self.watch.wait_members(self.phases.group, expected, timeout=180)


async def _wait_mail(mail: MailSink, count: int, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while mail.count() < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{mail.count()} of {count} setup emails accepted")
        await asyncio.sleep(0.1)


def _received(url: str, topic: str) -> float:
    """FastStream's received-messages counter of one instance for one topic."""
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=5) as response:
            text = response.read().decode("utf-8")
    except OSError:
        return 0.0
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("faststream_received_messages_total{") and f'"{topic}"' in line
    )


def _save_metrics(platform: Platform) -> None:
    """Each instance's /metrics next to its log: retries and handler timings explain figures."""
    for instance in platform.instances.values():
        target = platform.work_dir / "logs" / f"{instance.name}-{instance.instance}.metrics"
        try:
            with urllib.request.urlopen(instance.url + "/metrics", timeout=5) as response:
                target.write_bytes(response.read())
        except OSError:
            continue


@asynccontextmanager
async def service_side(
    world: World, scenario: Scenario, args: argparse.Namespace
) -> AsyncIterator[ServiceSide]:
    service = scenario.service
    prefix = f"b{world.run_id}-{service}."
    bootstrap = world.kafka.bootstrap_servers
    env = {**SERVICE_ENV, **scenario.env(world.mail), **profile_env(args, world.work_dir, service)}
    platform = Platform(
        bootstrap,
        world.mongo.uri,
        world.work_dir,
        topic_prefix=prefix,
        database_suffix=f"_{world.run_id}",
        extra_env=env,
    )
    token = issue_token(
        secret=platform.auth_secret,
        issuer="twoway-local",
        audience="twoway",
        subject="pipeline-bench",
        roles=["platform_admin"],
    )

    def pids() -> dict[str, list[int]]:
        running = [i.process.pid for i in platform.instances.values() if i.process.running()]
        return {"service": running, **world.infra_pids()}

    world.log(f"{service}: starting the service")
    await asyncio.to_thread(platform.start, service, 0)
    try:
        async with (
            Producer(bootstrap, prefix) as producer,
            GroupWatch(bootstrap) as watch,
            OutputCollector(bootstrap, [prefix + s for s in scenario.output_streams]) as out,
        ):

            async def prepare(phase: str, count: int) -> None:
                await scenario.prepare_service(platform.url(service), token, phase, count)
                if setup := scenario.phase_setup(phase, count):
                    await producer.burst(setup)
                    await phases.settle()

            phases = Phases(
                scenario,
                producer,
                watch,
                Outputs(out, world.mail),
                Topics(prefix).consumer_group(service),
                CpuMeter(pids),
                prepare,
                lambda text: world.log(f"{service}: {text}"),
                world.db_counters,
            )
            await watch.wait_members(phases.group, scenario.subscribers, timeout=180)
            mail_before = world.mail.count()
            await producer.burst(scenario.setup())
            await phases.settle()
            if isinstance(scenario, NotificationsScenario):
                await _wait_mail(world.mail, mail_before + scenario.setup_emails())
            yield ServiceSide(phases, platform, scenario, args, watch)
    finally:
        await asyncio.to_thread(_save_metrics, platform)
        await asyncio.to_thread(platform.stop_all)


def baseline_prefix(run_id: str, service: str, bulk: bool) -> str:
    return f"b{run_id}-{service}-{'bulk' if bulk else 'base'}."


@asynccontextmanager
async def baseline_side(
    world: World, scenario: Scenario, args: argparse.Namespace, *, bulk: bool = False
) -> AsyncIterator[Phases]:
    """The per-message baseline, or with `bulk` the batching one (getmany, bulk writes, one
    commit per batch), each on topics, a database and a group of its own."""
    service = scenario.service
    kind = "bulk" if bulk else "base"
    prefix = baseline_prefix(world.run_id, service, bulk)
    database = f"bench_{world.run_id}_{service}_{kind}"
    bootstrap = world.kafka.bootstrap_servers
    client: AsyncMongoClient[Any] = AsyncMongoClient(world.mongo.uri, tz_aware=True)
    db = client[database]
    await scenario.seed(db)
    argv = [
        sys.executable, "-m", "bench.pipeline.baseline", service,
        "--bootstrap", bootstrap, "--mongo", world.mongo.uri, "--database", database,
        "--prefix", prefix, "--smtp-port", str(world.mail.port),
        "--batch", str(args.bulk_batch if bulk else args.baseline_batch),
        *(["--bulk"] if bulk else []),
    ]  # fmt: skip
    name = f"{'batching' if bulk else 'baseline'}-{service}"
    process = ManagedProcess(
        name,
        argv,
        world.work_dir / "logs" / f"{name}.log",
        env={
            "PYTHONPATH": str(REPO_ROOT),
            **profile_env(args, world.work_dir, name),
        },
        cwd=REPO_ROOT,
    )
    world.log(f"{service}: starting the {'batching ' if bulk else ''}baseline")
    process.start()

    def pids() -> dict[str, list[int]]:
        return {"service": [process.pid], **world.infra_pids()}

    try:
        async with (
            Producer(bootstrap, prefix) as producer,
            GroupWatch(bootstrap) as watch,
            OutputCollector(bootstrap, [prefix + s for s in scenario.output_streams]) as out,
        ):

            async def prepare(phase: str, count: int) -> None:
                await scenario.seed_phase(db, phase, count)

            phases = Phases(
                scenario,
                producer,
                watch,
                Outputs(out, world.mail),
                group_of(service, bulk),
                CpuMeter(pids),
                prepare,
                lambda text: world.log(f"{service} {name}: {text}"),
                world.db_counters,
            )
            await watch.wait_members(phases.group, 1, timeout=120)
            yield phases
    finally:
        process.stop()
        await client.close()
