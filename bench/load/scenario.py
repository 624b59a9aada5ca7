"""One fault run from start to reconciliation.

Order of events: infrastructure and services start; every event on the streams starts being
delivered a second time (some copies late, in reverse order); programs launch, people join in
bulk batches, a matching round runs; then program time moves forward step by step while
participants complete sessions and answer feedback. The faults fire at random moments of
chosen steps, one at a time. At the end the platform is given time to drain and everything is
counted at its source.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.load.api import Api
from bench.load.driver import Driver, LoadConfig
from bench.load.duplicates import Duplicator
from bench.load.findings import Reconciliation
from bench.load.injector import FaultInjector
from bench.load.population import build_programs
from bench.load.reconcile import reconcile
from bench.load.settle import Settler
from bench.load.wire import WireTail
from bench.load.world import World
from deploy.local.harness import SERVICES

log = logging.getLogger("bench.load.scenario")

Fault = Callable[[], Awaitable[None]]


@dataclass
class ScenarioConfig:
    load: LoadConfig = field(default_factory=LoadConfig)
    faults: bool = True
    kill_rounds: int = 1
    overlap: bool = False
    """Let faults of one wave overlap: a shorter run, less precise recovery figures."""
    database_outage_seconds: float = 30.0
    settle_bound_seconds: float = 240.0
    late_share: float = 0.1


@dataclass
class RunReport:
    config: dict[str, Any]
    phases_seconds: dict[str, float]
    faults: list[dict[str, Any]]
    duplicates: dict[str, int]
    driver: dict[str, Any]
    reconciliation: Reconciliation


DRAIN_WAITS = 3
"""How many times the drain moves the clock on to deliveries waiting on it."""
MAX_DRAIN_WAIT = timedelta(days=1)
"""No wait the services set is longer; one beyond it is left for the reconciliation to report."""


def start_of_program() -> datetime:
    """Midnight UTC after tomorrow: ahead of real time, as a manual clock must be."""
    now = datetime.now(UTC)
    return (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def fault_plan(
    injector: FaultInjector, config: ScenarioConfig, steps: int, rng: random.Random
) -> dict[int, list[Fault]]:
    """Which faults fire during which step (each at a random moment of it); step -1 is the
    bulk import, where matching is killed. An overlapping run fires all the others in one wave
    (each at its own random moment of the same step); otherwise each gets a step of its own."""
    seconds = config.database_outage_seconds

    def kill(name: str) -> Fault:
        return lambda: injector.kill_service(name)

    kills = [kill("scheduling"), kill("feedback"), kill("notifications")]
    outages: list[Fault] = [
        injector.broker_outage,
        lambda: injector.database_outage(seconds),
    ]
    waves: list[list[Fault]] = (
        [[injector.poison_every_topic, *kills, *outages]]
        if config.overlap
        else [[fault] for fault in (injector.poison_every_topic, *kills, *outages)]
    )
    for _ in range(config.kill_rounds - 1):
        waves += [[kill(name)] for name in SERVICES]
    rng.shuffle(waves)
    candidates = range(1, max(steps - 2, len(waves) + 1))
    plan: dict[int, list[Fault]] = {-1: [kill("matching")]}
    for slot, wave in zip(sorted(rng.sample(candidates, len(waves))), waves, strict=True):
        plan.setdefault(slot, []).extend(wave)
    return plan


async def run_scenario(config: ScenarioConfig, work_dir: Path) -> RunReport:
    phases: dict[str, float] = {}
    clock = time.monotonic()

    def phase(name: str) -> None:
        nonlocal clock
        phases[name] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()
        log.info("done: %s in %.1f s", name, phases[name])

    world = World(work_dir)
    await world.start()
    try:
        start = start_of_program()
        await world.start_services(start)
        api = Api(world.platform)
        await api.set_clocks(start)
        phase("start infrastructure and services")
        report = await _drive(world, api, config, start, phase)
        report.phases_seconds = phases
        await api.close()
        return report
    finally:
        await world.stop()


async def _drive(
    world: World, api: Api, config: ScenarioConfig, start: datetime, phase: Callable[[str], None]
) -> RunReport:
    load = config.load
    rng = random.Random(load.seed)
    driver = Driver(
        api, load, build_programs(load.participants, programs=load.programs, seed=load.seed), start
    )
    tail = WireTail(world.bootstrap, world.stream_topics(), driver.on_event)
    duplicator = Duplicator(
        world.bootstrap, world.stream_topics(), late_share=config.late_share, seed=load.seed
    )
    settler = Settler(world)
    injector = FaultInjector(world, api, lambda: driver.now, serialize=not config.overlap)
    tail.start()
    duplicator.start()
    step = timedelta(hours=load.step_hours)
    ending = start + timedelta(
        days=load.timing.program_days + load.timing.feedback_deadline_days + 1
    )
    steps = int((ending - start) / step)
    plan = fault_plan(injector, config, steps, rng) if config.faults else {}
    running: list[asyncio.Task[None]] = []

    def fire(at_step: int, spread: float) -> None:
        for fault in plan.get(at_step, []):
            running.append(asyncio.create_task(_at_random_moment(fault, rng.uniform(0, spread))))

    settle_seconds: list[float] = []
    try:
        await driver.launch()
        fire(-1, 3.0)
        await driver.join_everyone()
        await settler.settle(driver.now, bound=config.settle_bound_seconds)
        phase("launch and bulk import")
        await driver.match()
        await settler.settle(driver.now, bound=config.settle_bound_seconds)
        phase("matching round and series planning")
        for index in range(steps):
            fire(index, 2.0)
            if index == load.erase_step:
                await driver.erase_some()
            driver.now += step
            await api.set_clocks(driver.now)
            await driver.act()
            settle_seconds.append(
                await settler.settle(driver.now, bound=config.settle_bound_seconds)
            )
            log.info(
                "step %d/%d: program time %s, caught up in %.1f s",
                index + 1,
                steps,
                driver.now.strftime("%Y-%m-%d %H:%M"),
                settle_seconds[-1],
            )
        phase(f"{steps} steps of {load.step_hours:g} h program time")
        await asyncio.gather(*running)
        await duplicator.finish()
        await _drain(api, driver, settler, config)
        await injector.wait_recovered(timeout=config.settle_bound_seconds)
        phase("drain")
        result = await reconcile(world, driver, settler, injector.poisons, driver.now)
        result.count("edge_check_5mb_on_default_topic", injector.edge_check)
        phase("reconciliation")
    finally:
        for task in running:
            task.cancel()
        await injector.cancel_watchers()
        await tail.stop()
        await settler.close()
    return RunReport(
        config={
            "participants": load.participants,
            "programs": load.programs,
            "steps": steps,
            "step_hours": load.step_hours,
            "faults": config.faults,
        },
        phases_seconds={},
        faults=injector.report(),
        duplicates=duplicator.report(),
        driver={
            "outcomes": dict(sorted(driver.outcomes.items())),
            "http_retries": dict(api.retries),
            "http_calls": dict(api.calls),
            "erased": len(driver.erased),
            "settle_seconds_max": round(max(settle_seconds, default=0.0), 1),
            "settle_seconds_total": round(sum(settle_seconds), 1),
            "steps_not_settled": settler.unsettled,
        },
        reconciliation=result,
    )


async def _at_random_moment(fault: Fault, delay: float) -> None:
    await asyncio.sleep(delay)
    await fault()


async def _drain(api: Api, driver: Driver, settler: Settler, config: ScenarioConfig) -> None:
    """Let the last events through. The clock moves on twice, then on to the last delivery
    still waiting on it (a send held for a partner's contact, an introduction held for its
    series, a retry), as real time would: such a wait is bounded, not stuck, and a clock that
    stops at the last step would leave it open for ever."""
    for _ in range(2):
        await settler.settle(driver.now, bound=config.settle_bound_seconds)
        driver.now += timedelta(hours=1)
        await api.set_clocks(driver.now)
    for _ in range(DRAIN_WAITS):
        # Outboxes too: an event a relay publishes late (a PairEnded) makes deliveries that
        # wait on the clock, which must be seen here and not only by the final count.
        await settler.settle(driver.now, bound=config.settle_bound_seconds, outboxes=True)
        waiting = await settler.latest_waiting(driver.now)
        if waiting is None or waiting - driver.now > MAX_DRAIN_WAIT:
            break
        log.info("drain: clock moved on %s to the last delivery waiting", waiting - driver.now)
        driver.now = waiting + timedelta(seconds=1)
        await api.set_clocks(driver.now)
    await settler.settle(driver.now, bound=config.settle_bound_seconds, final=True)
