"""The whole demo: launch three regional programs, import people, match, live through the
program months on the services' movable clocks, then report and draw charts.

Only the services' HTTP APIs and Kafka events are used. Every service's clock moves to the same
instant at each step, and the next step waits until the platform is idle, so the timers
(reminders, missed sessions, feedback nudges, health checks) fire as they would in real time.
"""

from __future__ import annotations

import math
import secrets
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from cli.demo.behaviour import Behaviour
from cli.demo.events import EventTail
from cli.demo.population import (
    Cohort,
    admin_contact,
    admin_id_of,
    build_cohorts,
    program_body,
)
from cli.demo.progress import Progress
from cli.demo.report import ProgramReport, collect
from cli.demo.report_text import render
from cli.demo.services import Credentials, Endpoints, TwowayApis, each
from cli.demo.simulation import PeopleAtWork


@dataclass(frozen=True)
class SettleTiming:
    """How long to let the platform work after each move of the clock."""

    min_seconds: float = 1.2  # at least one poll of the services' timer loops
    quiet_seconds: float = 0.8
    step_max_seconds: float = 20.0
    phase_max_seconds: float = 240.0


@dataclass(frozen=True)
class DemoConfig:
    endpoints: Endpoints
    credentials: Credentials
    bootstrap_servers: str
    topic_prefix: str = "twoway."
    participants: int = 200
    weeks: int = 10
    seed: int = 7
    step_hours: float = 18.0
    round_every_days: int = 14
    late_share: float = 0.08
    min_group_size: int = 5
    self_assessment_share: float = 0.7
    out_dir: Path | None = Path(".run") / "demo"
    tag: str | None = None
    settle: SettleTiming = field(default_factory=SettleTiming)


@dataclass
class DemoResult:
    reports: list[ProgramReport]
    text: str
    charts: list[Path]
    start: date
    end: date
    wall_seconds: float


def next_instant(
    now: datetime,
    upcoming: list[datetime],
    marks: list[datetime],
    *,
    step: timedelta,
    longest: timedelta,
) -> datetime:
    """Where the clock goes next: a regular step while sessions are near, else straight to a
    day before the next session (so its day-before reminder still goes out), never past a
    round, the late joiners or the end, and never more than `longest` at once (a notification
    held back for the recipient's quiet hours must not turn stale)."""
    target = now + longest
    ahead = [s for s in upcoming if s > now]
    if ahead:
        first = min(ahead)
        if first - now <= step + timedelta(hours=24):
            target = now + step
        else:
            target = min(target, first - timedelta(hours=23))
    for mark in marks:
        if now < mark < target:
            target = mark
    return max(target, now + timedelta(hours=1))


def _first_monday_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


class Demo:
    def __init__(self, config: DemoConfig, apis: TwowayApis, tail: EventTail, err: TextIO):
        self.config = config
        self.apis = apis
        self.tail = tail
        self.progress = Progress(err, tail)
        self.tag = config.tag or "d" + secrets.token_hex(3)
        self.cohorts: list[Cohort] = build_cohorts(
            size=config.participants, seed=config.seed, tag=self.tag, late_share=config.late_share
        )
        self.program_ids = [c.program_id for c in self.cohorts]
        profiles = {p["participant_id"]: p for c in self.cohorts for p in c.everyone}
        self.behaviour = Behaviour(config.seed, profiles)
        self.people = PeopleAtWork(apis, self.behaviour)
        tail.listeners.append(self.people.hear)
        self.rounds: dict[str, list[dict[str, Any]]] = {pid: [] for pid in self.program_ids}
        self.now = datetime.now(UTC)
        self.assessed: list[tuple[str, str]] = []

    async def settle(self, *, long: bool = False) -> None:
        timing = self.config.settle
        idle = await self.tail.settle(
            min_seconds=timing.min_seconds,
            quiet_seconds=timing.quiet_seconds,
            max_seconds=timing.phase_max_seconds if long else timing.step_max_seconds,
            tick=self.progress.status,
        )
        if not idle and long:
            self.progress.phase("the platform is still busy; carrying on")

    async def move_to(self, moment: datetime) -> None:
        await self.apis.move_clocks(moment)
        self.now = moment

    async def launch(self, missed_after_hours: int) -> tuple[date, date]:
        clocks = await self.apis.clocks()
        await self.move_to(max(clocks.values()))
        start = _first_monday_after(self.now.date() + timedelta(days=1))
        for cohort in self.cohorts:
            self.tail.watch(cohort.program_id)
            body = program_body(
                cohort.program, tag=self.tag, start=start, weeks=self.config.weeks,
                missed_after_hours=missed_after_hours, min_group_size=self.config.min_group_size,
            )  # fmt: skip
            await self.apis.launch_program(body)
            await self.apis.put_admin_contact(
                cohort.program_id, admin_id_of(cohort.program, self.tag),
                admin_contact(cohort.program, self.tag),
            )  # fmt: skip
            settings = body["settings"]
            self.progress.phase(
                f"launched {cohort.program_id}: {settings['name']}, {settings['timezone']}, "
                f"locales {','.join(settings['locales'])}, "
                f"{len(settings['blackout_dates'])} holidays, {settings['start_date']} to "
                f"{settings['end_date']}"
            )
        return start, start + timedelta(weeks=self.config.weeks)

    async def join(self, late: bool) -> None:
        for cohort in self.cohorts:
            people = cohort.late if late else cohort.at_launch
            if not people:
                continue
            outcomes = await self.apis.join(cohort.program_id, people)
            joined = sum(1 for o in outcomes if o["status"] == "joined")
            rejected = [o for o in outcomes if o["status"] == "rejected"]
            self.progress.phase(
                f"{'late joiners' if late else 'imported'} {cohort.program_id}: "
                f"{joined} joined, {len(rejected)} rejected"
            )

    async def match(self) -> None:
        for program_id in self.program_ids:
            result = await self.apis.run_round(program_id)
            report = result["report"]
            self.rounds[program_id].append(
                {
                    "round_id": result["round_id"],
                    "at": self.now.isoformat(),
                    "status": result["status"],
                    "new_pairs": len(result["pairs"]),
                    "unmatched": len(result["unmatched"]),
                    "report": report,
                }
            )
            self.progress.phase(
                f"round #{len(self.rounds[program_id])} {program_id}: {len(result['pairs'])} "
                f"new pairs, {report['kept_pairs']} kept, senior match rate "
                f"{report['senior_match_rate']:.0%}, mean score {report['mean_score']:.1f}, "
                f"gap to bound {report['gap_to_upper_bound']:.2%}"
            )

    async def assess(self, phase: str) -> None:
        """Self-assessments of a share of participants, before and after the program."""
        if phase == "pre":
            for cohort in self.cohorts:
                everyone = cohort.at_launch
                take = round(len(everyone) * self.config.self_assessment_share)
                self.assessed += [(cohort.program_id, p["participant_id"]) for p in everyone[:take]]

        async def one(item: tuple[str, str]) -> None:
            program_id, pid = item
            grew = pid in self.people.answered_people
            levels = self.behaviour.self_levels(pid, phase, grew)
            if levels:
                await self.apis.self_assessment(program_id, pid, phase, levels)

        await each(self.assessed, one)


async def run_demo(config: DemoConfig, err: TextIO = sys.stderr) -> DemoResult:
    from cli.demo.charts import write_charts

    began = time.monotonic()
    step = timedelta(hours=config.step_hours)
    # A session is only called missed after the next step had the chance to confirm it.
    missed_after_hours = max(12, math.ceil(config.step_hours) + 6)
    async with (
        TwowayApis(config.endpoints, config.credentials) as apis,
        EventTail(config.bootstrap_servers, config.topic_prefix) as tail,
    ):
        demo = Demo(config, apis, tail, err)
        progress = demo.progress
        progress.phase(
            f"demo {demo.tag}: {config.participants} people, 3 regional programs, "
            f"{config.weeks} weeks in steps of {config.step_hours:g} h"
        )
        start, end = await demo.launch(missed_after_hours)
        await demo.join(late=False)
        progress.where = "importing"
        await demo.settle(long=True)
        await demo.assess("pre")
        await demo.match()
        progress.where = "planning series"
        await demo.settle(long=True)
        progress.status(keep=True)

        start_at = datetime.combine(start, datetime.min.time(), UTC)
        end_at = datetime.combine(end, datetime.min.time(), UTC)
        finish = end_at + timedelta(hours=missed_after_hours) + step
        next_round = start_at + timedelta(days=config.round_every_days)
        late_at = start_at + timedelta(days=10)
        late_done = not any(c.late for c in demo.cohorts)
        number, week_shown = 0, -1
        while demo.now < finish:
            number += 1
            marks = [finish, next_round] + ([] if late_done else [late_at])
            await demo.move_to(
                next_instant(
                    demo.now,
                    demo.people.upcoming(demo.now),
                    marks,
                    step=step,
                    longest=timedelta(hours=48),
                )
            )
            week = (demo.now - start_at).days // 7 + 1
            phase = "before start" if demo.now < start_at else (
                f"week {week}/{config.weeks}" if demo.now < end_at else "wrap-up")  # fmt: skip
            progress.where = f"{demo.now:%a %d %b %H:%M} {phase}"
            await demo.settle()
            await demo.people.step(number, demo.now)
            if not late_done and demo.now >= late_at:
                await demo.join(late=True)
                late_done = True
            if demo.now >= next_round:
                if end_at - demo.now >= timedelta(weeks=3):
                    await demo.settle()
                    await demo.match()
                    await demo.settle()  # the new pairs' series get planned
                next_round += timedelta(days=config.round_every_days)
            progress.status(keep=week != week_shown)
            week_shown = week
        await demo.people.step(number + 1, demo.now, final=True)
        await demo.assess("post")
        progress.where = "final"
        await demo.settle(long=True)
        progress.status(keep=True)
        progress.phase("collecting the report from the services")
        reports = await collect(apis, demo.program_ids, demo.rounds, tail.programs)
    wall = time.monotonic() - began
    charts = write_charts(reports, config.out_dir) if config.out_dir is not None else []
    text = render(reports, start=start, end=end, wall_seconds=wall)
    return DemoResult(reports, text, charts, start, end, wall)
