"""Pipeline benchmark: `python -m bench.pipeline.run [--events N] [--services a,b]`.

For each service, on one Kafka and a fresh SecantusDB started here (each service owns its
database), the service as a process (`deploy.local.harness.Platform`) and two bare baselines
(`baseline.py`) run side by side on their own topics and databases: the per-message one (one
message, its writes, one commit) and the batching one (`getmany`, the shared reads once, one
unordered bulk write per collection and one commit per batch), the yardstick of issue 15.
Their throughput phases alternate (service, per-message, batching, service...) so that all see
the same load from whatever else shares the machine; a phase is a burst of events, timed until
the group has committed them all and every expected output is there. Then latency at half the
service's maximum, for the service and for both baselines at the same rate (where the latency
path is another than the throughput phases', as matching's cohorts and their rounds are, a
burst on that path gives the maximum it is halved from). Last, with the baselines stopped, one
instance's throughput is measured again, then a second service instance joins the consumer
group and it is measured with both, with the share of the messages each instance received. The
scale-out is the two instances against that phase, not the first ones: both come after the
latency phase, which leaves the service in another state (matching's list caches listening to
their change streams, for one), and both take as many events as each alternating round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import uuid
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.pipeline.consumers import World, baseline_prefix, baseline_side, service_side
from bench.pipeline.mail_sink import MailSink
from bench.pipeline.measure import Latency, Phases, Throughput
from bench.pipeline.report import print_report
from bench.pipeline.scenarios import SCENARIOS, Scenario
from deploy.local.infra import KafkaServer, MongoServer
from deploy.local.process import make_temp_dir
from shared.events import all_topics


@dataclass
class ServiceFigures:
    service: str
    baseline: Throughput | None = None
    baseline_latency: Latency | None = None
    batching: Throughput | None = None
    batching_latency: Latency | None = None
    one: Throughput | None = None
    latency: Latency | None = None
    again: Throughput | None = None
    """One instance again, right before the second joins: what the two are compared with."""
    two: Throughput | None = None
    path_max: Throughput | None = None
    """The latency path's own maximum, where it differs from the throughput phases' path."""
    split: list[float] = field(default_factory=list)
    """Messages each instance received during the two-instance phase."""
    rounds: list[tuple[float, float, float]] = field(default_factory=list)
    """(service, per-message baseline, batching baseline) events/s of each round."""


def phase_events(args: argparse.Namespace, warm: Throughput) -> int:
    """Enough events for about `--phase-seconds` at the warm-up's pace, at most `--events`."""
    return max(args.warmup, min(args.events, int(warm.rate * args.phase_seconds)))


def combined(results: list[Throughput]) -> Throughput:
    cpu_names = {name for r in results for name in r.cpu}
    op_kinds = {kind for r in results for kind in r.db_ops}
    seconds = sum(r.seconds for r in results)
    return Throughput(
        sum(r.events for r in results),
        seconds,
        {n: sum(r.cpu.get(n, 0) * r.seconds for r in results) / seconds for n in cpu_names},
        {k: sum(r.db_ops.get(k, 0) for r in results) for k in op_kinds},
    )


async def alternate(
    service: Phases,
    baseline: Phases,
    batching: Phases,
    args: argparse.Namespace,
    figures: ServiceFigures,
) -> None:
    """Service, per-message baseline, batching baseline, in turns, so all three see the same
    load from whatever else shares the machine."""
    service_count = phase_events(args, await service.throughput("svc-warm", args.warmup))
    baseline_count = phase_events(args, await baseline.throughput("base-warm", args.warmup))
    batching_count = phase_events(args, await batching.throughput("bulk-warm", args.warmup))
    ours: list[Throughput] = []
    theirs: list[Throughput] = []
    bulk: list[Throughput] = []
    for n in range(1, args.rounds + 1):
        ours.append(await service.throughput(f"svc-t{n}", service_count))
        theirs.append(await baseline.throughput(f"base-t{n}", baseline_count))
        bulk.append(await batching.throughput(f"bulk-t{n}", batching_count))
        figures.rounds.append((ours[-1].rate, theirs[-1].rate, bulk[-1].rate))
    figures.one, figures.baseline = combined(ours), combined(theirs)
    figures.batching = combined(bulk)


async def bench_one(
    world: World, scenario: Scenario, args: argparse.Namespace, figures: ServiceFigures
) -> None:
    async with AsyncExitStack() as service_stack:
        async with AsyncExitStack() as baseline_stack:
            # All start at once; the baselines stop before the second service instance runs.
            ours, theirs, bulk = await asyncio.gather(
                service_stack.enter_async_context(service_side(world, scenario, args)),
                baseline_stack.enter_async_context(baseline_side(world, scenario, args)),
                baseline_stack.enter_async_context(baseline_side(world, scenario, args, bulk=True)),
            )
            await alternate(ours.phases, theirs, bulk, args, figures)
            assert figures.one is not None
            rate = figures.one.rate / 2
            if scenario.latency_path_events:
                figures.path_max = await ours.phases.throughput(
                    "svc-lat-max", scenario.latency_path_events
                )
                rate = figures.path_max.rate / 2
            figures.latency = await ours.phases.latency("svc-lat", rate, args.latency_seconds)
            if scenario.baseline_latency:
                figures.baseline_latency = await theirs.latency(
                    "base-lat", rate, args.latency_seconds
                )
                figures.batching_latency = await bulk.latency(
                    "bulk-lat", rate, args.latency_seconds
                )
        if args.instances > 1:
            count = figures.one.events // args.rounds
            # Not "late": a phase named with "lat" is on the latency path (matching's cohorts).
            figures.again = await ours.phases.throughput("svc-x1-again", count)
            world.log(f"{scenario.service}: starting a second instance")
            await ours.add_instance()
            await ours.phases.throughput("svc-warm2", args.warmup)
            before = await ours.received()
            figures.two = await ours.phases.throughput("svc-x2", count)
            after = await ours.received()
            figures.split = [a - b for a, b in zip(after, before, strict=False)]


async def bench(world: World, args: argparse.Namespace) -> list[ServiceFigures]:
    # Every topic up front, in one request: a topic created just before use can answer offset
    # requests with "not leader" for a while, which would stall the output collectors.
    wanted: dict[str, int] = {}
    for name in args.services:
        for prefix in (
            f"b{world.run_id}-{name}.",
            baseline_prefix(world.run_id, name, bulk=False),
            baseline_prefix(world.run_id, name, bulk=True),
        ):
            wanted.update(all_topics(prefix))
    await asyncio.to_thread(world.kafka.create_topics, wanted)
    results = []
    for name in args.services:
        figures = ServiceFigures(name)
        results.append(figures)
        # Each service owns its database: a fresh one per service, so a service's figures
        # do not depend on what the services measured before it left behind.
        mongo = await asyncio.to_thread(MongoServer(":memory:").start)
        world.mongo = mongo
        try:
            await bench_one(world, SCENARIOS[name], args, figures)
        except Exception as error:  # one service failing must not hide the others' figures
            world.log(f"{name}: FAILED: {type(error).__name__}: {error}")
        finally:
            await asyncio.to_thread(mongo.stop)
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--events", type=int, default=2000, help="at most this many events per throughput phase"
    )
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=8.0,
        help="size throughput phases to take about this long at the warm-up's pace",
    )
    parser.add_argument("--rounds", type=int, default=2, help="alternating throughput rounds")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--services", default=",".join(SCENARIOS))
    parser.add_argument("--instances", type=int, choices=(1, 2), default=2)
    parser.add_argument(
        "--baseline-batch",
        type=int,
        default=1,
        help="messages per handler call and commit in the per-message baseline",
    )
    parser.add_argument(
        "--bulk-batch",
        type=int,
        default=200,
        help="most records per getmany, bulk write and commit in the batching baseline",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile every consumer process (slows them)"
    )
    parser.add_argument("--work-dir", type=Path, help="keep process logs here (default: temporary)")
    args = parser.parse_args(argv)
    args.services = [s.strip() for s in args.services.split(",") if s.strip()]
    unknown = set(args.services) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown services: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the servers and services started here are stopped.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    work_dir = args.work_dir or make_temp_dir("twoway-pipeline-bench-")
    with KafkaServer() as kafka, MailSink(work_dir) as mail:
        world = World(kafka, None, mail, work_dir, run_id=uuid.uuid4().hex[:6])
        world.log(f"infrastructure up; services: {', '.join(args.services)}; logs in {work_dir}")
        results = asyncio.run(bench(world, args))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2, default=str))
    print_report(results)


if __name__ == "__main__":
    main()
