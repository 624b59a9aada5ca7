"""Pipeline benchmark: `python -m bench.pipeline.run [--events N] [--services a,b]`.

For each service, on one Kafka and one SecantusDB started here: its bare baseline
(`baseline.py`) and then the service as a process (`deploy.local.harness.Platform`), each
measured for throughput (a burst of N events, until the group has committed them all and
every expected output is there) and for latency at half the service's maximum. Then a second
instance joins the service's consumer group and the throughput is measured again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench.pipeline.baseline import group_of
from bench.pipeline.kafka_io import GroupWatch, OutputCollector, Producer
from bench.pipeline.mail_sink import MailSink
from bench.pipeline.measure import CpuMeter, Latency, Phases, Throughput
from bench.pipeline.report import print_report
from bench.pipeline.scenarios import SCENARIOS, NotificationsScenario, Outputs, Scenario
from deploy.local.harness import Platform
from deploy.local.infra import KafkaServer, ManagedProcess, MongoServer
from deploy.local.process import REPO_ROOT, make_temp_dir
from shared.events import all_topics
from shared.http.auth import issue_token

SERVICE_ENV = {"TWOWAY_OUTBOX_RELAY_INTERVAL_SECONDS": "5"}


@dataclass
class World:
    kafka: KafkaServer
    mongo: MongoServer
    mail: MailSink
    work_dir: Path
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    started: float = field(default_factory=time.monotonic)

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    def infra_pids(self) -> dict[str, list[int]]:
        return {"db": [self.mongo.process.pid], "kafka": [self.kafka.process.pid]}


@dataclass
class ServiceFigures:
    service: str
    baseline: Throughput | None = None
    baseline_latency: Latency | None = None
    one: Throughput | None = None
    latency: Latency | None = None
    two: Throughput | None = None


async def _wait_mail(world: World, count: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while world.mail.count() < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{world.mail.count()} of {count} setup emails accepted")
        await asyncio.sleep(0.1)


async def bench_service(
    world: World, scenario: Scenario, args: argparse.Namespace, figures: ServiceFigures
) -> None:
    service = scenario.service
    prefix = f"b{world.run_id}-{service}."
    bootstrap = world.kafka.bootstrap_servers
    platform = Platform(
        bootstrap,
        world.mongo.uri,
        world.work_dir,
        topic_prefix=prefix,
        database_suffix=f"_{world.run_id}",
        extra_env={**SERVICE_ENV, **scenario.env(world.mail)},
    )
    group = f"twoway-{service}"
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
    streams = [prefix + s for s in scenario.output_streams]
    try:
        async with (
            Producer(bootstrap, prefix) as producer,
            GroupWatch(bootstrap) as watch,
            OutputCollector(bootstrap, streams) as collector,
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
                Outputs(collector, world.mail),
                group,
                CpuMeter(pids),
                prepare,
                lambda t: world.log(f"{service}: {t}"),
            )
            await watch.wait_members(group, scenario.subscribers, timeout=120)
            mail_before = world.mail.count()
            await producer.burst(scenario.setup())
            await phases.settle()
            if isinstance(scenario, NotificationsScenario):
                await _wait_mail(world, mail_before + scenario.setup_emails())
            await phases.throughput("svc-warm", args.warmup)
            figures.one = await phases.throughput("svc-t1", args.events)
            rate = figures.one.rate / 2
            figures.latency = await phases.latency("svc-lat", rate, args.latency_seconds)
            if args.instances > 1:
                world.log(f"{service}: starting a second instance")
                await asyncio.to_thread(platform.start, service, 1)
                await watch.wait_members(group, 2 * scenario.subscribers, timeout=120)
                await phases.throughput("svc-warm2", args.warmup)
                figures.two = await phases.throughput("svc-t2", args.events)
    finally:
        await asyncio.to_thread(_save_metrics, platform)
        await asyncio.to_thread(platform.stop_all)


def _save_metrics(platform: Platform) -> None:
    """Each instance's /metrics next to its log: retries and handler timings explain figures."""
    for instance in platform.instances.values():
        target = platform.work_dir / "logs" / f"{instance.name}-{instance.instance}.metrics"
        try:
            with urllib.request.urlopen(instance.url + "/metrics", timeout=5) as response:
                target.write_bytes(response.read())
        except OSError:
            continue


async def bench_baseline(
    world: World, scenario: Scenario, args: argparse.Namespace, figures: ServiceFigures
) -> None:
    service = scenario.service
    prefix = f"b{world.run_id}-{service}-base."
    database = f"bench_{world.run_id}_{service}_base"
    bootstrap = world.kafka.bootstrap_servers
    client: AsyncMongoClient[Any] = AsyncMongoClient(world.mongo.uri, tz_aware=True)
    db = client[database]
    await scenario.seed(db)
    process = ManagedProcess(
        f"baseline-{service}",
        [
            sys.executable,
            "-m",
            "bench.pipeline.baseline",
            service,
            "--bootstrap",
            bootstrap,
            "--mongo",
            world.mongo.uri,
            "--database",
            database,
            "--prefix",
            prefix,
            "--smtp-port",
            str(world.mail.port),
            "--batch",
            str(args.baseline_batch),
        ],
        world.work_dir / "logs" / f"baseline-{service}.log",
        env={"PYTHONPATH": str(REPO_ROOT)},
        cwd=REPO_ROOT,
    )
    world.log(f"{service}: starting the baseline")
    process.start()
    streams = [prefix + s for s in scenario.output_streams]
    try:
        async with (
            Producer(bootstrap, prefix) as producer,
            GroupWatch(bootstrap) as watch,
            OutputCollector(bootstrap, streams) as collector,
        ):

            async def prepare(phase: str, count: int) -> None:
                await scenario.seed_phase(db, phase, count)

            def pids() -> dict[str, list[int]]:
                return {"service": [process.pid], **world.infra_pids()}

            phases = Phases(
                scenario,
                producer,
                watch,
                Outputs(collector, world.mail),
                group_of(service),
                CpuMeter(pids),
                prepare,
                lambda t: world.log(f"{service} baseline: {t}"),
            )
            await watch.wait_members(group_of(service), 1, timeout=60)
            await phases.throughput("base-warm", args.warmup)
            figures.baseline = await phases.throughput("base-t1", args.events)
            if figures.latency is not None and scenario.baseline_latency:
                figures.baseline_latency = await phases.latency(
                    "base-lat", figures.latency.rate, args.latency_seconds
                )
    finally:
        process.stop()
        await client.close()


async def bench(world: World, args: argparse.Namespace) -> list[ServiceFigures]:
    # Every topic up front: a topic created just before use can answer offset requests with
    # "not leader" for a while, which would stall the output collectors.
    for name in args.services:
        for prefix in (f"b{world.run_id}-{name}.", f"b{world.run_id}-{name}-base."):
            await asyncio.to_thread(world.kafka.create_topics, all_topics(prefix))
    results = []
    for name in args.services:
        figures = ServiceFigures(name)
        results.append(figures)
        scenario = SCENARIOS[name]
        if not args.baseline_only:
            await bench_service(world, scenario, args, figures)
        if not args.service_only:
            await bench_baseline(world, scenario, args, figures)
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=600, help="events per throughput phase")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--latency-seconds", type=float, default=12.0)
    parser.add_argument("--services", default=",".join(SCENARIOS))
    parser.add_argument("--instances", type=int, choices=(1, 2), default=2)
    parser.add_argument(
        "--baseline-batch",
        type=int,
        default=1,
        help="messages per handler call and commit in the baseline",
    )
    parser.add_argument("--service-only", action="store_true")
    parser.add_argument("--baseline-only", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--work-dir", type=Path, help="keep process logs here (default: temporary)")
    args = parser.parse_args(argv)
    args.services = [s.strip() for s in args.services.split(",") if s.strip()]
    unknown = set(args.services) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown services: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    work_dir = args.work_dir or make_temp_dir("twoway-pipeline-bench-")
    with KafkaServer() as kafka, MongoServer(":memory:") as mongo, MailSink() as mail:
        world = World(kafka, mongo, mail, work_dir)
        world.log(
            f"infrastructure up; services: {', '.join(args.services)}; "
            f"{args.events} events per throughput phase"
        )
        results = asyncio.run(bench(world, args))
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2, default=str))


if __name__ == "__main__":
    main()
