"""Burst: one round of an N-person program on the local stack as `make up` starts it.

`python -m bench.burst.run --participants 2000` starts a private stack (its own run directory),
imports the program through the API, runs one matching round and times each stage: every
PairCreated consumed by scheduling, every series planned, every invitation accepted by SMTP.
Meanwhile a reminder of another, small program falls due; how long SMTP takes to accept it is
the fairness latency. Once every email is out, it checks the mail each person received and
every invitation (bench.burst.invitations), and sets the captured mail beside what
notifications recorded as sent. Figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from bench.burst import people
from bench.burst.figures import RoundOutcome, pair_people, per_person_lines, recorded_lines
from bench.burst.invitations import InvitationReport
from bench.burst.people import LARGE_DOMAIN
from bench.burst.stack import BurstStack, start_stack, stop_stack
from bench.burst.steps import first_session, import_program, run_round, until
from bench.burst.verify import check_captured
from bench.burst.watch import MailFolder, SeriesWatch, pairs_consumed

SMALL_DOMAIN = "@reminder.example.com"
REMINDER_LEAD_MINUTES = 4
STALL_SECONDS = 120
UNSENT = ("pending", "sending", "retry", "deferred")


class Burst:
    def __init__(self, burst: BurstStack, participants: int, seed: int, timeout: float) -> None:
        self.stack = burst
        self.large = people.large_program(participants, seed)
        self.small = people.small_program()
        self.mail = MailFolder(burst.mail_dir)
        self.series = SeriesWatch(burst.bootstrap, f"{burst.topic_prefix}sessions")
        self.timeout = timeout
        self.stages: dict[str, float] = {}
        self.pairs: list[dict[str, Any]] = []
        self.small_pairs: list[dict[str, Any]] = []
        self.recorded: Counter[tuple[str, str]] = Counter()
        """The large program's email deliveries by (template, status), once settled."""
        self.invitations = InvitationReport()
        self.against_scheduling: Counter[str] = Counter()
        self.reminder_due: float | None = None
        self.reminder_accepted: float | None = None
        self.clock: tuple[float, datetime] = (time.time(), datetime.now(UTC))
        """When the services' clocks were last set (wall seconds) and to what."""

    async def run(self) -> None:
        today = datetime.now(UTC).date() + timedelta(days=1)
        noon = datetime.combine(today, datetime.min.time(), UTC).replace(hour=11)
        await self.stack.set_clocks(noon)
        await self.series.start()
        api = httpx.AsyncClient(
            base_url=self.stack.url("matching"), headers=self.stack.admin, timeout=120
        )
        try:
            await import_program(api, self.small, today)
            self.small_pairs = await run_round(api, self.small.program.program_id)
            (small_pair,) = self.small_pairs
            session = await first_session(self.stack, small_pair["pair_id"])
            await until(self._small_invited, "the small pair's invitations", 300)
            due = datetime.fromisoformat(session["start"]) - timedelta(minutes=60)
            # The reminder falls due a few minutes from now; it is brought forward when the
            # burst is under way (a short jump, so no other waits are cut short).
            await self._set_clocks(due - timedelta(minutes=REMINDER_LEAD_MINUTES))
            begin = time.time()
            await import_program(api, self.large, people.large_start(today))
            self.stages["import"] = time.time() - begin
            self.pairs = await run_round(api, self.large.program.program_id)
            self.stages["round"] = time.time() - begin
            if not self.pairs:
                raise RuntimeError("the large program has no live pairs after its round")
        finally:
            await api.aclose()
        await self._follow(begin, due)
        await self.series.stop()
        await self._settle(begin)
        await self._check_invitations()

    async def _set_clocks(self, now: datetime) -> None:
        await self.stack.set_clocks(now)
        self.clock = (time.time(), now)

    def _service_now(self) -> datetime:
        return self.clock[1] + timedelta(seconds=time.time() - self.clock[0])

    async def _settle(self, begin: float) -> None:
        """Past the introductions' wait (they are carried by the invitations), until no email
        is left to send: then the emails per person are final."""
        await self._set_clocks(self._service_now() + timedelta(minutes=15))
        client: AsyncMongoClient[Any] = AsyncMongoClient(self.stack.database_of("notifications"))
        deliveries = client["twoway_notifications"]["deliveries"]
        waiting = {"channel": "email", "status": {"$in": list(UNSENT)}}

        async def settled() -> bool:
            return await deliveries.count_documents(waiting) == 0

        try:
            await until(settled, "every email sent", self.timeout)
            program = {"program_id": self.large.program.program_id, "channel": "email"}
            async for doc in deliveries.find(program, {"template": 1, "status": 1}):
                self.recorded[(str(doc["template"]), str(doc["status"]))] += 1
        finally:
            await client.close()
        self.mail.scan()
        welcomes = self.mail.of("welcome", LARGE_DOMAIN)
        if welcomes:
            self.stages["welcomed"] = max(m.accepted_at for m in welcomes) - begin

    async def _small_invited(self) -> bool:
        self.mail.scan()
        return len(self.mail.of("series_invitation", SMALL_DOMAIN)) >= 2

    async def _follow(self, begin: float, due: datetime) -> None:
        group = "twoway-scheduling"
        pairs_topic = f"{self.stack.topic_prefix}pairs"
        ids = {p["pair_id"] for p in self.pairs}
        expected = 2 * len(self.pairs)  # until the pairs are all planned (or unschedulable)
        deadline = time.monotonic() + self.timeout
        progress, last_progress = (0, 0, 0), time.monotonic()
        while time.monotonic() < deadline:
            now = time.time() - begin
            mails = self.mail.scan()
            invited = self.mail.of("series_invitation", LARGE_DOMAIN)
            seen = (len(invited), len(self.series.planned_at), len(self.series.unschedulable_at))
            if seen != progress:
                progress, last_progress = seen, time.monotonic()
            elif time.monotonic() - last_progress > STALL_SECONDS and self.reminder_accepted:
                print(f"nothing moved for {STALL_SECONDS} s: some pairs wait without a series")
                if invited:
                    self.stages["invited"] = max(m.accepted_at for m in invited) - begin
                break
            if "consumed" not in self.stages and await pairs_consumed(
                self.stack.bootstrap, pairs_topic, group
            ):
                self.stages["consumed"] = now
            settled = self.series.settled(ids)
            if "planned" not in self.stages and settled is not None:
                self.stages["planned"] = settled - begin
                expected = 2 * len(ids & self.series.planned_at.keys())
            if self.reminder_due is None:
                if self._service_now() >= due:  # fell due on its own
                    self.reminder_due = self.clock[0] + (due - self.clock[1]).total_seconds()
                elif len(invited) >= max(1, expected // 10):
                    await self._set_clocks(due)
                    self.reminder_due = time.time()
            if self.reminder_due is not None and self.reminder_accepted is None:
                reminders = [m for m in mails if m.template == "session_reminder"]
                small = [m.accepted_at for m in reminders if m.to.endswith(SMALL_DOMAIN)]
                if len(small) >= 2:
                    self.reminder_accepted = max(small)
            if "planned" in self.stages and len(invited) >= expected and self.reminder_accepted:
                self.stages["invited"] = max(m.accepted_at for m in invited) - begin
                break
            await asyncio.sleep(1.0)
        if self.stages.get("invited") is not None:
            self.stages["total"] = self.stages["invited"]

    def outcome(self) -> RoundOutcome:
        emails = {str(r["participant_id"]): str(r["email"]) for r in self.large.rows}
        emails |= {str(r["participant_id"]): str(r["email"]) for r in self.small.rows}
        pairs = pair_people([*self.pairs, *self.small_pairs], emails)
        unschedulable = pairs.keys() & self.series.unschedulable_at.keys()
        return RoundOutcome(
            pairs, frozenset(pairs.keys() - unschedulable), frozenset(unschedulable)
        )

    async def _check_invitations(self) -> None:
        self.mail.scan()
        invited = [m for m in self.mail.mails if m.template == "series_invitation"]
        scheduling = httpx.AsyncClient(
            base_url=self.stack.url("scheduling"), headers=self.stack.admin, timeout=60
        )
        async with scheduling:
            await check_captured(
                invited, self.outcome(), scheduling, self.invitations, self.against_scheduling
            )

    def report(self, load: tuple[float, float, float], load_after: tuple[float, ...]) -> str:
        everyone = self.large.emails
        mails = [m for m in self.mail.mails if m.to in everyone]
        paired = {p["junior_id"] for p in self.pairs} | {p["senior_id"] for p in self.pairs}
        ids = {p["pair_id"] for p in self.pairs}
        seniors = self.large.of_role("senior")
        matched_seniors = sum(1 for p in seniors if p in paired)
        invited = self.mail.of("series_invitation", LARGE_DOMAIN)
        lines = [
            f"burst: {len(self.large.rows)} people, {len(self.pairs)} pairs "
            f"({matched_seniors}/{len(seniors)} seniors paired), cpus {os.cpu_count()}, "
            f"load average {load[0]:.2f} before, {load_after[0]:.2f} after",
            f"{'stage':<44}{'s since import':>16}",
        ]
        names = {
            "import": "import (API answered every row)",
            "round": "round published",
            "consumed": "every PairCreated consumed by scheduling",
            "planned": (
                f"every series planned ({len(ids & self.series.planned_at.keys())}; "
                f"{len(ids & self.series.unschedulable_at.keys())} unschedulable)"
            ),
            "invited": f"every invitation accepted by SMTP ({len(invited)})",
            "total": "total (import to the last invitation)",
            "welcomed": "every welcome accepted (after the settling)",
        }
        for key, label in names.items():
            value = self.stages.get(key)
            lines.append(
                f"{label:<44}{(f'{value:.1f}' if value is not None else 'not reached'):>16}"
            )
        if "invited" in self.stages and "round" in self.stages:
            since_round = self.stages["invited"] - self.stages["round"]
            lines.append(f"last invitation accepted {since_round:.1f} s after the round")
        outcome = self.outcome()
        large = RoundOutcome(
            {k: v for k, v in outcome.pairs.items() if k in ids},
            outcome.planned & ids,
            outcome.unschedulable & ids,
        )
        lines += per_person_lines(everyone, mails, large)
        lines += recorded_lines(self.mail.mails, LARGE_DOMAIN, self.recorded)
        if self.mail.incomplete:
            lines.append(f"mail folder: {self.mail.incomplete} messages never whole")
        if self.reminder_due is not None and self.reminder_accepted is not None:
            waiting = sum(1 for m in invited if m.accepted_at > self.reminder_accepted)
            lines.append(
                f"fairness: the small program's reminder accepted "
                f"{self.reminder_accepted - self.reminder_due:.1f} s after it fell due, "
                f"with {waiting} of the burst's invitations still to go"
            )
        else:
            lines.append("fairness: the small program's reminder was not accepted in time")
        if not self.invitations.checked:
            lines.append("invitations: none checked (the run did not get that far)")
            return "\n".join(lines)
        lines += self.invitations.lines()
        missing, repeated = self.invitations.coverage(
            outcome.pairs[p] for p in sorted(outcome.planned)
        )
        lines.append(
            f"  people of scheduled pairs without their invitation {missing}, "
            f"with more than one for a pair {repeated}; each pair's sessions against "
            f"scheduling's list: {dict(self.against_scheduling)}"
        )
        return "\n".join(lines)


async def main_async(
    participants: int, seed: int, timeout: float, keep: bool, shared_database: bool
) -> None:
    load = os.getloadavg()
    burst_stack = await asyncio.to_thread(start_stack, shared_database=shared_database)
    servers = len(burst_stack.database_pids()) or 1
    print(f"SecantusDB servers: {servers} ({'shared' if servers == 1 else 'one per service'})")
    burst = Burst(burst_stack, participants, seed, timeout)
    try:
        await burst.run()
    finally:
        print(burst.report(load, os.getloadavg()))
        await stop_stack(burst_stack, keep=keep)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.burst.run", description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds after the round")
    parser.add_argument("--keep", action="store_true", help="keep the run directory (logs)")
    parser.add_argument(
        "--shared-database",
        action="store_true",
        help="one SecantusDB server for every service (the local stack before it ran one each)",
    )
    args = parser.parse_args(argv)
    asyncio.run(
        main_async(args.participants, args.seed, args.timeout, args.keep, args.shared_database)
    )


if __name__ == "__main__":
    main()
